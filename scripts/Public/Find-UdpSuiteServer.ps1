function Find-UdpSuiteServer {
    <#
    .SYNOPSIS
    Finds UdpSuite chat servers by sending the chat PROBE and collecting every PROBE_REPLY.

    .DESCRIPTION
    Find-UdpSuiteServer sends the unauthenticated chat PROBE (48 bytes: 55 43 02 08, "UC", version 2, type PROBE,
    then 44 zero bytes) to each -Address on -Port (default the broadcast address 255.255.255.255 and port 8081), then
    listens for -TimeoutMs and returns one object per server that answered with a valid PROBE_REPLY (55 43 02 09, the
    server's 32-byte public key, name length, name). The key's fingerprint (ServerKey, SHA256:...) is a hint to compare
    with what the server's operator publishes (udpsuite server key), not a proof: the reply is unauthenticated. Replies that are not PROBE_REPLYs are ignored (shown with -Verbose); a server that
    answers several probes is reported once.

    No answer is not an error: the function then returns nothing. Pass unicast addresses (for example 127.0.0.1)
    to check particular hosts without broadcasting on the LAN.

    .PARAMETER Address
    Addresses to probe: broadcast or unicast IP addresses, or host names (default 255.255.255.255); accepted from
    the pipeline.

    .PARAMETER Port
    The chat listener's UDP port, 1-65535 (default 8081).

    .PARAMETER TimeoutMs
    How long to collect replies after the last probe, in milliseconds (default 1000).

    .EXAMPLE
    Find-UdpSuiteServer

    Broadcasts the probe on the local network and lists every UdpSuite server that answers within a second.

    .EXAMPLE
    Find-UdpSuiteServer -Address 127.0.0.1 -Port 8081 -TimeoutMs 500

    Checks whether this host runs a chat listener, without broadcasting.

    .INPUTS
    System.String (addresses).

    .OUTPUTS
    UdpSuite.ServerInfo: Address, Port, ServerName, ServerKey, ProtocolVersion, RoundTripMs.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.ServerInfo')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('ComputerName')]
        [ValidateNotNullOrEmpty()]
        [string[]]$Address = @('255.255.255.255'),

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, 65535)]
        [int]$Port = 8081,

        [ValidateRange(1, 600000)]
        [int]$TimeoutMs = 1000
    )

    begin {
        $probe = [byte[]]::new(48)
        $probe[0] = 0x55; $probe[1] = 0x43; $probe[2] = 0x02; $probe[3] = 0x08
        $targets = [System.Collections.Generic.List[System.Net.IPEndPoint]]::new()
    }

    process {
        foreach ($name in $Address) {
            try {
                $targets.Add((Resolve-UdpSuiteEndPoint -ComputerName $name -Port $Port))
            }
            catch {
                $PSCmdlet.WriteError((Get-UdpSuiteResolveError -ComputerName $name -Exception $_.Exception))
            }
        }
    }

    end {
        if ($targets.Count -eq 0) { return }
        $client = $null
        $seen = [System.Collections.Generic.HashSet[string]]::new()
        try {
            $client = [System.Net.Sockets.UdpClient]::new(0)
            $client.EnableBroadcast = $true
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            foreach ($target in $targets) {
                $PSCmdlet.WriteVerbose(('probe {0}: {1}' -f $target, (Format-UdpSuiteBytes $probe)))
                try {
                    [void]$client.Send($probe, $probe.Length, $target)
                }
                catch {
                    $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('Find-UdpSuiteServer: cannot send to {0}: {1}' -f $target, $_.Exception.Message) `
                                -ErrorId 'UdpSuiteNetworkError' -Category ConnectionError -Target $target))
                }
            }

            $deadline = $stopwatch.ElapsedMilliseconds + $TimeoutMs
            while ($true) {
                $remaining = $deadline - $stopwatch.ElapsedMilliseconds
                if ($remaining -le 0) { break }
                $client.Client.ReceiveTimeout = [int][Math]::Max(1, $remaining)
                $remote = [System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 0)
                try {
                    $reply = $client.Receive([ref]$remote)
                }
                catch {
                    # Timeout ends the collection; an ICMP error from one target must not end it for the others.
                    $exception = $_.Exception
                    while ($null -ne $exception -and $exception -isnot [System.Net.Sockets.SocketException]) { $exception = $exception.InnerException }
                    if ($null -eq $exception) { throw }
                    if ($exception.SocketErrorCode -eq [System.Net.Sockets.SocketError]::TimedOut -or $exception.SocketErrorCode -eq [System.Net.Sockets.SocketError]::WouldBlock) { break }
                    $PSCmdlet.WriteVerbose(('receive: {0}' -f $exception.SocketErrorCode))
                    continue
                }
                $elapsed = $stopwatch.Elapsed.TotalMilliseconds
                $PSCmdlet.WriteVerbose(('reply from {0}: {1}' -f $remote, (Format-UdpSuiteBytes $reply)))
                if ($reply.Length -lt 38 -or $reply[0] -ne 0x55 -or $reply[1] -ne 0x43 -or $reply[2] -ne 0x02 -or $reply[3] -ne 0x09 -or $reply[36] -lt 1 -or $reply.Length -ne 37 + $reply[36]) {
                    $PSCmdlet.WriteVerbose(('ignored: not a PROBE_REPLY from {0}' -f $remote))
                    continue
                }
                if (-not $seen.Add($remote.ToString())) { continue }
                [pscustomobject]@{
                    PSTypeName      = 'UdpSuite.ServerInfo'
                    Address         = $remote.Address
                    Port            = $remote.Port
                    ServerName      = [System.Text.Encoding]::UTF8.GetString($reply, 37, $reply[36])
                    ServerKey       = 'SHA256:' + [Convert]::ToBase64String([System.Security.Cryptography.SHA256]::HashData([byte[]]$reply[4..35])).TrimEnd('=')
                    ProtocolVersion = [int]$reply[2]
                    RoundTripMs     = [Math]::Round($elapsed, 3)
                }
            }
        }
        finally {
            if ($null -ne $client) { $client.Dispose() }
        }
        if ($seen.Count -eq 0) { $PSCmdlet.WriteVerbose(('no UdpSuite server answered within {0} ms' -f $TimeoutMs)) }
    }
}
