function Get-Rfc868Time {
    <#
    .SYNOPSIS
    Reads the time from an RFC 868 Time server over UDP (4-byte seconds since 1900).

    .DESCRIPTION
    Get-Rfc868Time sends one empty datagram to the RFC 868 listener (UdpSuite's default port 1037; standard 37)
    and decodes the 4-byte big-endian count of seconds since 1900-01-01T00:00:00Z. The count wraps every 2^32
    seconds (next on 2036-02-07); the era nearest this machine's clock is chosen, as rdate does.
    A reply that is not exactly 4 bytes, a timeout and a closed port are non-terminating errors.

    .PARAMETER ComputerName
    The server's host name or IP address (default 127.0.0.1); accepted from the pipeline.

    .PARAMETER Port
    The RFC 868 listener's UDP port, 1-65535 (default 1037).

    .PARAMETER TimeoutMs
    Longest wait for the reply in milliseconds (default 2000).

    .EXAMPLE
    Get-Rfc868Time -ComputerName 127.0.0.1 -Port 1037

    The server's time, whole seconds.

    .EXAMPLE
    (Get-Rfc868Time -ComputerName timehost).Time - [DateTimeOffset]::UtcNow

    How far the server's clock is from this one (to within a second).

    .INPUTS
    System.String (computer names).

    .OUTPUTS
    UdpSuite.Rfc868Time: Time (DateTimeOffset, UTC), Seconds (the raw 32-bit count), RoundTripMs, Server.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.Rfc868Time')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('HostName')]
        [ValidateNotNullOrEmpty()]
        [string]$ComputerName = '127.0.0.1',

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, 65535)]
        [int]$Port = 1037,

        [ValidateRange(1, 600000)]
        [int]$TimeoutMs = 2000
    )

    begin {
        $epoch = [System.DateTime]::new(1900, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc)
        $era = [int64]4294967296
    }

    process {
        try {
            $endPoint = Resolve-UdpSuiteEndPoint -ComputerName $ComputerName -Port $Port
        }
        catch {
            $PSCmdlet.WriteError((Get-UdpSuiteResolveError -ComputerName $ComputerName -Exception $_.Exception))
            return
        }

        $exchange = Invoke-UdpSuiteExchange -EndPoint $endPoint -Payload ([byte[]]::new(0)) -TimeoutMs $TimeoutMs -Cmdlet $PSCmdlet
        if ($exchange.Status -ne 'Replied') {
            $PSCmdlet.WriteError((Get-UdpSuiteExchangeError -Exchange $exchange -EndPoint $endPoint -What 'Get-Rfc868Time'))
            return
        }

        if ($exchange.Reply.Length -ne 4) {
            $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('Get-Rfc868Time: {0} sent {1} bytes, not the 4 of RFC 868' -f $endPoint, $exchange.Reply.Length) `
                        -ErrorId 'UdpSuiteRfc868BadReply' -Category InvalidResult -Target $endPoint))
            return
        }

        $seconds = ConvertFrom-UdpSuiteBigEndian $exchange.Reply 0 4
        $pivot = [int64](([System.DateTime]::UtcNow - $epoch).Ticks / 10000000)
        $candidate = $pivot - ($pivot % $era) + $seconds
        if ($candidate - $pivot -gt $era / 2) { $candidate -= $era }
        elseif ($pivot - $candidate -gt $era / 2) { $candidate += $era }

        [pscustomobject]@{
            PSTypeName  = 'UdpSuite.Rfc868Time'
            Time        = [System.DateTimeOffset]::new($epoch.AddSeconds($candidate), [System.TimeSpan]::Zero)
            Seconds     = [uint32]$seconds
            RoundTripMs = $exchange.RoundTripMs
            Server      = $endPoint
        }
    }

    end {
    }
}
