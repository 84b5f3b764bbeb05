function Get-DaytimeText {
    <#
    .SYNOPSIS
    Reads the human-readable time line from an RFC 867 Daytime server over UDP.

    .DESCRIPTION
    Get-DaytimeText sends one empty datagram to the Daytime listener (UdpSuite's default port 1013; standard 13)
    and returns the line it answers, without the trailing CR LF. The format is the server's choice (UdpSuite sends
    "Tuesday, November 24, 2026 01:02:03-UTC", or ISO 8601 when that would not fit its reply limit), so the text
    is returned as is. A timeout and a closed port are non-terminating errors.

    .PARAMETER ComputerName
    The server's host name or IP address (default 127.0.0.1); accepted from the pipeline.

    .PARAMETER Port
    The Daytime listener's UDP port, 1-65535 (default 1013).

    .PARAMETER TimeoutMs
    Longest wait for the reply in milliseconds (default 2000).

    .EXAMPLE
    Get-DaytimeText -ComputerName 127.0.0.1 -Port 1013

    One line such as "Tuesday, November 24, 2026 01:02:03-UTC".

    .EXAMPLE
    'host1', 'host2' | Get-DaytimeText -Port 13 | ForEach-Object { '{0}  {1}' -f $_.Server, $_.Text }

    The daytime line of several hosts.

    .INPUTS
    System.String (computer names).

    .OUTPUTS
    UdpSuite.DaytimeText: Text, RoundTripMs, Server.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.DaytimeText')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('HostName')]
        [ValidateNotNullOrEmpty()]
        [string]$ComputerName = '127.0.0.1',

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, 65535)]
        [int]$Port = 1013,

        [ValidateRange(1, 600000)]
        [int]$TimeoutMs = 2000
    )

    begin {
        $ascii = [System.Text.Encoding]::ASCII
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
            $PSCmdlet.WriteError((Get-UdpSuiteExchangeError -Exchange $exchange -EndPoint $endPoint -What 'Get-DaytimeText'))
            return
        }

        [pscustomobject]@{
            PSTypeName  = 'UdpSuite.DaytimeText'
            Text        = $ascii.GetString($exchange.Reply).TrimEnd("`r", "`n")
            RoundTripMs = $exchange.RoundTripMs
            Server      = $endPoint
        }
    }

    end {
    }
}
