function Test-UdpSuiteServer {
    <#
    .SYNOPSIS
    Checks each listener of a UdpSuite server and returns one result object per listener.

    .DESCRIPTION
    Test-UdpSuiteServer asks every listener a real question and checks the answer:

        time-text  the format '%s' must come back as a number (not an ERR reply)
        sntp       an SNTPv4 request must get a mode 4 reply echoing its timestamp (not a Kiss-o'-Death)
        rfc868     any datagram must get exactly 4 bytes
        daytime    any datagram must get a line of text
        chat       the PROBE (55 43 02 08 and 44 zero bytes) must get a PROBE_REPLY, whose server name and key are in Detail

    Each result says Ok ($true or $false), the round trip and a Detail text (the answer, or why the check failed).
    A failing listener is a result, not an error, so a script can test and report all of them in one call.
    Only a name that does not resolve is a (non-terminating) error.

    .PARAMETER ComputerName
    The server's host name or IP address (default 127.0.0.1); accepted from the pipeline.

    .PARAMETER Listener
    Which listeners to check (default all): time-text, sntp, rfc868, daytime, chat.

    .PARAMETER TimePort
    Port of the time-text listener (default 9000).

    .PARAMETER NtpPort
    Port of the SNTP listener (default 1123).

    .PARAMETER Rfc868Port
    Port of the RFC 868 Time listener (default 1037).

    .PARAMETER DaytimePort
    Port of the RFC 867 Daytime listener (default 1013).

    .PARAMETER ChatPort
    Port of the chat listener (default 8081).

    .PARAMETER TimeoutMs
    Longest wait for each listener's reply in milliseconds (default 1000).

    .EXAMPLE
    Test-UdpSuiteServer -ComputerName 127.0.0.1

    Checks the five listeners on their default ports.

    .EXAMPLE
    Test-UdpSuiteServer -ComputerName timehost -Listener sntp, rfc868 -NtpPort 123 -Rfc868Port 37 | Where-Object { -not $_.Ok }

    Checks the standard-port time services and shows only those that fail.

    .INPUTS
    System.String (computer names).

    .OUTPUTS
    UdpSuite.ListenerTest: ComputerName, Listener, Port, Ok, RoundTripMs, Detail.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.ListenerTest')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('HostName')]
        [ValidateNotNullOrEmpty()]
        [string]$ComputerName = '127.0.0.1',

        [ValidateSet('time-text', 'sntp', 'rfc868', 'daytime', 'chat')]
        [string[]]$Listener = @('time-text', 'sntp', 'rfc868', 'daytime', 'chat'),

        [ValidateRange(1, 65535)]
        [int]$TimePort = 9000,

        [ValidateRange(1, 65535)]
        [int]$NtpPort = 1123,

        [ValidateRange(1, 65535)]
        [int]$Rfc868Port = 1037,

        [ValidateRange(1, 65535)]
        [int]$DaytimePort = 1013,

        [ValidateRange(1, 65535)]
        [int]$ChatPort = 8081,

        [ValidateRange(1, 600000)]
        [int]$TimeoutMs = 1000
    )

    begin {
        $ports = @{ 'time-text' = $TimePort; 'sntp' = $NtpPort; 'rfc868' = $Rfc868Port; 'daytime' = $DaytimePort; 'chat' = $ChatPort }
        $utf8 = [System.Text.UTF8Encoding]::new($false)
    }

    process {
        foreach ($name in $Listener) {
            $port = $ports[$name]
            $ok = $false
            $roundTrip = $null
            $detail = $null

            # The real clients of this module do the checks; their errors become this result's Detail.
            $errors = $null
            $answer = switch ($name) {
                'time-text' { Get-UdpTime -ComputerName $ComputerName -Port $port -Format '%s' -TimeoutMs $TimeoutMs -ErrorAction SilentlyContinue -ErrorVariable errors }
                'sntp' { Get-SntpTime -ComputerName $ComputerName -Port $port -TimeoutMs $TimeoutMs -ErrorAction SilentlyContinue -ErrorVariable errors }
                'rfc868' { Get-Rfc868Time -ComputerName $ComputerName -Port $port -TimeoutMs $TimeoutMs -ErrorAction SilentlyContinue -ErrorVariable errors }
                'daytime' { Get-DaytimeText -ComputerName $ComputerName -Port $port -TimeoutMs $TimeoutMs -ErrorAction SilentlyContinue -ErrorVariable errors }
                'chat' { Find-UdpSuiteServer -Address $ComputerName -Port $port -TimeoutMs $TimeoutMs -ErrorAction SilentlyContinue -ErrorVariable errors }
            }
            $answer = @($answer | Where-Object { $null -ne $_ })

            # -ErrorVariable also collects exceptions the function caught itself (socket timeouts): keep the errors it wrote.
            $written = @($errors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -like 'UdpSuite*' })
            if ($written.Count -gt 0) {
                $first = $written[0]
                if ($first.CategoryInfo.Reason -eq 'ObjectNotFound' -or $first.FullyQualifiedErrorId -like 'UdpSuiteResolveFailed*') {
                    $PSCmdlet.WriteError($first)
                    return
                }
                $detail = if ($null -ne $first.ErrorDetails) { $first.ErrorDetails.Message } else { $first.Exception.Message }
            }
            elseif ($answer.Count -eq 0) {
                $detail = 'no reply within {0} ms' -f $TimeoutMs
            }
            else {
                $result = $answer[0]
                $roundTrip = $result.RoundTripMs
                switch ($name) {
                    'time-text' {
                        $ok = $result.Text -match '^-?\d+$'
                        $detail = if ($ok) { 'epoch seconds {0}' -f $result.Text } else { "unexpected reply '{0}'" -f $result.Text }
                    }
                    'sntp' {
                        $ok = $true
                        $detail = 'stratum {0}, refid {1}, offset {2:0.###} ms, delay {3:0.###} ms' -f $result.Stratum, $result.ReferenceId, $result.OffsetMs, $result.DelayMs
                    }
                    'rfc868' {
                        $ok = $true
                        $detail = $result.Time.ToString('o', [System.Globalization.CultureInfo]::InvariantCulture)
                    }
                    'daytime' {
                        $ok = $result.Text.Length -gt 0
                        $detail = $result.Text
                    }
                    'chat' {
                        $ok = $true
                        $detail = "server '{0}', protocol version {1}, key {2}" -f $result.ServerName, $result.ProtocolVersion, $result.ServerKey
                    }
                }
            }

            [pscustomobject]@{
                PSTypeName   = 'UdpSuite.ListenerTest'
                ComputerName = $ComputerName
                Listener     = $name
                Port         = $port
                Ok           = [bool]$ok
                RoundTripMs  = $roundTrip
                Detail       = $detail
            }
        }
    }

    end {
    }
}
