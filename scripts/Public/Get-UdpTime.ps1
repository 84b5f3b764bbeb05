function Get-UdpTime {
    <#
    .SYNOPSIS
    Asks a UdpSuite (or classic) time-text server for the time, formatted by a strftime format.

    .DESCRIPTION
    Get-UdpTime sends one datagram per format to the time-text listener (default port 9000): the strftime format,
    preceded by the options block %{tz=ZONE;at=INSTANT} when -Zone or -At is given. The reply is the server's
    time formatted with it. A plain format (no -Zone, no -At) is exactly what the classic Python time client sends.

    A reply that begins with "ERR " (for example "ERR zone: unknown time zone 'Mars/Olympus'") is the server refusing
    the request; it becomes a non-terminating error whose message is the server's reply, whose target is the format
    and whose category follows the code (zone, option, utf8, nul: InvalidArgument; too-long, too-big: LimitsExceeded;
    ambiguous: InvalidResult). A silent server (timeout) and a closed port (refused) are non-terminating errors too;
    -ErrorAction Stop makes any of them terminating.

    .PARAMETER Format
    One or more strftime formats (glibc, C locale); accepted from the pipeline. Default '%Y-%m-%d %X'.

    .PARAMETER Zone
    IANA time zone id for the request (sent as the tz option), e.g. Asia/Shanghai. Default: the server's zone.

    .PARAMETER At
    Format this instant instead of the server's current time (sent as the at option, in UTC).

    .PARAMETER ComputerName
    The server's host name or IP address (default 127.0.0.1).

    .PARAMETER Port
    The time-text listener's UDP port, 1-65535 (default 9000).

    .PARAMETER TimeoutMs
    Longest wait for each reply in milliseconds (default 2000).

    .EXAMPLE
    Get-UdpTime -Format '%F %T %Z' -Zone Asia/Shanghai

    The time in Shanghai from the server on this host.

    .EXAMPLE
    'Europe/London', 'America/New_York', 'Asia/Kolkata' | ForEach-Object { Get-UdpTime -Zone $_ -Format '%H:%M %Z' -ComputerName timehost }

    The same format in three zones.

    .EXAMPLE
    '%s', '%j', '%V' | Get-UdpTime -Port 9000 -At '2026-03-29T01:00:00Z'

    Several formats from the pipeline, all for one fixed instant.

    .INPUTS
    System.String (formats).

    .OUTPUTS
    UdpSuite.UdpTime: Format, Zone, Text, RoundTripMs, Server.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.UdpTime')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [AllowEmptyString()]
        [string[]]$Format = @('%Y-%m-%d %X'),

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidatePattern('^[A-Za-z0-9_+./-]+$')]
        [string]$Zone,

        [Parameter(ValueFromPipelineByPropertyName)]
        [System.Nullable[System.DateTimeOffset]]$At,

        [Parameter(ValueFromPipelineByPropertyName)]
        [Alias('HostName')]
        [ValidateNotNullOrEmpty()]
        [string]$ComputerName = '127.0.0.1',

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, 65535)]
        [int]$Port = 9000,

        [ValidateRange(1, 600000)]
        [int]$TimeoutMs = 2000
    )

    begin {
        $utf8 = [System.Text.UTF8Encoding]::new($false, $true)
    }

    process {
        try {
            $endPoint = Resolve-UdpSuiteEndPoint -ComputerName $ComputerName -Port $Port
        }
        catch {
            $PSCmdlet.WriteError((Get-UdpSuiteResolveError -ComputerName $ComputerName -Exception $_.Exception))
            return
        }

        $options = [System.Collections.Generic.List[string]]::new()
        if ($Zone) { $options.Add('tz=' + $Zone) }
        if ($null -ne $At) {
            $options.Add('at=' + $At.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", [System.Globalization.CultureInfo]::InvariantCulture))
        }
        $prefix = if ($options.Count -gt 0) { '%{' + ($options -join ';') + '}' } else { '' }

        foreach ($oneFormat in $Format) {
            if ($null -eq $oneFormat) { $oneFormat = '' }
            # A classic format that itself begins with "%{" is sent after an empty options block, keeping its meaning.
            $request = if ($prefix -eq '' -and $oneFormat.StartsWith('%{')) { '%{}' + $oneFormat } else { $prefix + $oneFormat }
            $exchange = Invoke-UdpSuiteExchange -EndPoint $endPoint -Payload $utf8.GetBytes($request) -TimeoutMs $TimeoutMs -Cmdlet $PSCmdlet
            if ($exchange.Status -ne 'Replied') {
                $PSCmdlet.WriteError((Get-UdpSuiteExchangeError -Exchange $exchange -EndPoint $endPoint -What 'Get-UdpTime'))
                continue
            }

            try {
                $text = $utf8.GetString($exchange.Reply)
            }
            catch {
                $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('Get-UdpTime: the reply from {0} is not valid UTF-8' -f $endPoint) `
                            -ErrorId 'UdpSuiteBadReply' -Category InvalidResult -Target $oneFormat))
                continue
            }

            if ($text.StartsWith('ERR ')) {
                $code = $text.Substring(4)
                $colon = $code.IndexOf(':')
                if ($colon -ge 0) { $code = $code.Substring(0, $colon) }
                $category = switch ($code) {
                    'too-long' { [System.Management.Automation.ErrorCategory]::LimitsExceeded }
                    'too-big' { [System.Management.Automation.ErrorCategory]::LimitsExceeded }
                    'ambiguous' { [System.Management.Automation.ErrorCategory]::InvalidResult }
                    default { [System.Management.Automation.ErrorCategory]::InvalidArgument }
                }
                $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('{0} (server {1}, request {2})' -f $text, $endPoint, $request) `
                            -ErrorId ('UdpSuiteTimeServerError.' + $code) -Category $category -Target $oneFormat `
                            -Exception ([System.InvalidOperationException]::new($text))))
                continue
            }

            [pscustomobject]@{
                PSTypeName  = 'UdpSuite.UdpTime'
                Format      = $oneFormat
                Zone        = if ($Zone) { $Zone } else { $null }
                Text        = $text
                RoundTripMs = $exchange.RoundTripMs
                Server      = $endPoint
            }
        }
    }

    end {
    }
}
