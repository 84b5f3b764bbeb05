# Private helpers shared by the exported functions: name resolution, one UDP request/reply exchange with a hard
# timeout, byte previews for -Verbose, and ErrorRecord construction. Only the language and .NET are used (no
# Utility/Management cmdlets), so the module runs where only Microsoft.PowerShell.Core exists.

function Resolve-UdpSuiteEndPoint {
    # Returns an IPEndPoint for ComputerName:Port, preferring IPv4; throws a SocketException-derived error when the
    # name does not resolve (callers turn that into a non-terminating error).
    param([string]$ComputerName, [int]$Port)
    $address = $null
    if (-not [System.Net.IPAddress]::TryParse($ComputerName, [ref]$address)) {
        $candidates = [System.Net.Dns]::GetHostAddresses($ComputerName)
        $address = $null
        foreach ($candidate in $candidates) {
            if ($candidate.AddressFamily -eq [System.Net.Sockets.AddressFamily]::InterNetwork) { $address = $candidate; break }
        }
        if ($null -eq $address) {
            if ($candidates.Count -eq 0) { throw [System.Net.Sockets.SocketException]::new(11001) }
            $address = $candidates[0]
        }
    }
    [System.Net.IPEndPoint]::new($address, $Port)
}

function Format-UdpSuiteBytes {
    # "12 bytes: 25 48 3A 25 4D ... |%H:%M|" - a short hex and printable-text preview for -Verbose.
    param([byte[]]$Bytes, [int]$Limit = 48)
    if ($null -eq $Bytes) { return '0 bytes' }
    $shown = [Math]::Min($Bytes.Length, $Limit)
    $hex = [System.Text.StringBuilder]::new()
    $text = [System.Text.StringBuilder]::new()
    for ($i = 0; $i -lt $shown; $i++) {
        $b = $Bytes[$i]
        if ($i -gt 0) { [void]$hex.Append(' ') }
        [void]$hex.Append($b.ToString('X2'))
        if ($b -ge 0x20 -and $b -le 0x7E) { [void]$text.Append([char]$b) } else { [void]$text.Append('.') }
    }
    $more = if ($Bytes.Length -gt $shown) { ' ...' } else { '' }
    '{0} bytes: {1}{2} |{3}|' -f $Bytes.Length, $hex, $more, $text
}

function Invoke-UdpSuiteExchange {
    # Sends one datagram and waits at most TimeoutMs for one reply on the same (connected) socket.
    # Never throws for network outcomes; returns Status = Replied | TimedOut | Refused | Sent | Failed with the
    # reply bytes and the round trip. The socket is always closed in finally, so a script never hangs or leaks.
    param(
        [System.Net.IPEndPoint]$EndPoint,
        [byte[]]$Payload,
        [int]$TimeoutMs,
        [switch]$NoReply,
        # SNTP: write this machine's clock as the NTP transmit timestamp (bytes 40-47) just before sending, and
        # return it (T1) and the arrival time (T4) as UTC ticks taken right next to the socket calls.
        [switch]$StampNtpTransmit,
        [System.Management.Automation.PSCmdlet]$Cmdlet
    )
    $client = $null
    $stopwatch = [System.Diagnostics.Stopwatch]::new()
    $status = 'Failed'
    $reply = $null
    $message = $null
    $t1Ticks = $null
    $t4Ticks = $null
    try {
        $client = [System.Net.Sockets.UdpClient]::new($EndPoint.AddressFamily)
        $client.Client.ReceiveTimeout = $TimeoutMs
        $client.Client.SendTimeout = $TimeoutMs
        # A connected UDP socket receives only from that endpoint and reports ICMP port unreachable as
        # ConnectionRefused, so "no server there" is told apart from "no answer" without waiting for the timeout.
        $client.Connect($EndPoint)
        if ($null -ne $Cmdlet) { $Cmdlet.WriteVerbose(('send to {0}: {1}' -f $EndPoint, (Format-UdpSuiteBytes $Payload))) }
        if ($StampNtpTransmit) {
            # Stamp a scratch copy first: the first run of the stamping code (script compilation, .NET binding) costs
            # milliseconds that must not fall between T1 and the send. Then T1 is read right before the send.
            Set-UdpSuiteNtpTransmit ([byte[]]::new(48)) ([System.DateTime]::UtcNow.Ticks)
            $t1Ticks = [System.DateTime]::UtcNow.Ticks
            Set-UdpSuiteNtpTransmit $Payload $t1Ticks
        }
        $stopwatch.Start()
        [void]$client.Send($Payload, $Payload.Length)
        if ($NoReply) {
            $status = 'Sent'
        }
        else {
            $remote = [System.Net.IPEndPoint]::new($EndPoint.Address, 0)
            $reply = $client.Receive([ref]$remote)
            $stopwatch.Stop()
            if ($StampNtpTransmit) { $t4Ticks = [System.DateTime]::UtcNow.Ticks }
            $status = 'Replied'
            if ($null -ne $Cmdlet) { $Cmdlet.WriteVerbose(('reply from {0} after {1:0.###} ms: {2}' -f $remote, $stopwatch.Elapsed.TotalMilliseconds, (Format-UdpSuiteBytes $reply))) }
        }
    }
    catch {
        $stopwatch.Stop()
        # Method calls wrap .NET exceptions in MethodInvocationException: find the SocketException inside.
        $exception = $_.Exception
        while ($null -ne $exception -and $exception -isnot [System.Net.Sockets.SocketException]) { $exception = $exception.InnerException }
        if ($null -eq $exception) { throw }
        $code = $exception.SocketErrorCode
        if ($code -eq [System.Net.Sockets.SocketError]::TimedOut -or $code -eq [System.Net.Sockets.SocketError]::WouldBlock) {
            $status = 'TimedOut'
            $message = 'no reply from {0} within {1} ms' -f $EndPoint, $TimeoutMs
        }
        elseif ($code -eq [System.Net.Sockets.SocketError]::ConnectionRefused -or $code -eq [System.Net.Sockets.SocketError]::ConnectionReset) {
            $status = 'Refused'
            $message = '{0} refused the datagram (ICMP port unreachable: nothing listens on that port)' -f $EndPoint
        }
        else {
            $status = 'Failed'
            $message = '{0}: {1} ({2})' -f $EndPoint, $exception.Message, $code
        }
        if ($null -ne $Cmdlet) { $Cmdlet.WriteVerbose($message) }
    }
    finally {
        if ($null -ne $client) { $client.Dispose() }
    }
    [pscustomobject]@{
        Status      = $status
        Reply       = $reply
        RoundTripMs = if ($status -eq 'Replied') { [Math]::Round($stopwatch.Elapsed.TotalMilliseconds, 3) } else { $null }
        Message     = $message
        T1Ticks     = $t1Ticks
        T4Ticks     = $t4Ticks
    }
}

function Set-UdpSuiteNtpTransmit {
    # Writes UTC ticks as the NTP transmit timestamp (bytes 40-47, seconds since 1900 and a 32-bit fraction).
    param([byte[]]$Payload, [int64]$Ticks)
    $ntp = $Ticks - 599266080000000000   # ticks from 0001-01-01 to 1900-01-01
    $remainder = [int64]0
    $seconds = [Math]::DivRem($ntp, [int64]10000000, [ref]$remainder) % 4294967296   # integer math: doubles lose ticks here
    $fraction = [int64][Math]::Floor($remainder * 429.4967296)
    for ($i = 0; $i -lt 4; $i++) {
        $Payload[40 + $i] = [byte](($seconds -shr (24 - 8 * $i)) -band 0xFF)
        $Payload[44 + $i] = [byte](($fraction -shr (24 - 8 * $i)) -band 0xFF)
    }
}

function New-UdpSuiteErrorRecord {
    # An ErrorRecord with a stable id, a category and the target (the endpoint or the request).
    param(
        [string]$Message,
        [string]$ErrorId,
        [System.Management.Automation.ErrorCategory]$Category,
        [object]$Target,
        [System.Exception]$Exception
    )
    if ($null -eq $Exception) {
        $Exception = [System.InvalidOperationException]::new($Message)
    }
    $record = [System.Management.Automation.ErrorRecord]::new($Exception, $ErrorId, $Category, $Target)
    if ($Exception.Message -ne $Message) {
        $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($Message)
    }
    $record
}

function Get-UdpSuiteExchangeError {
    # Maps a failed exchange (TimedOut, Refused, Failed) to an ErrorRecord for the caller to write.
    param([object]$Exchange, [System.Net.IPEndPoint]$EndPoint, [string]$What)
    switch ($Exchange.Status) {
        'TimedOut' {
            New-UdpSuiteErrorRecord -Message ('{0}: {1}' -f $What, $Exchange.Message) -ErrorId 'UdpSuiteTimeout' `
                -Category OperationTimeout -Target $EndPoint -Exception ([System.TimeoutException]::new(('{0}: {1}' -f $What, $Exchange.Message)))
        }
        'Refused' {
            New-UdpSuiteErrorRecord -Message ('{0}: {1}' -f $What, $Exchange.Message) -ErrorId 'UdpSuiteNoServer' `
                -Category ConnectionError -Target $EndPoint
        }
        default {
            New-UdpSuiteErrorRecord -Message ('{0}: {1}' -f $What, $Exchange.Message) -ErrorId 'UdpSuiteNetworkError' `
                -Category ConnectionError -Target $EndPoint
        }
    }
}

function Get-UdpSuiteResolveError {
    param([string]$ComputerName, [System.Exception]$Exception)
    # Report the resolver's own words, not PowerShell's "Exception calling ..." wrapper.
    while ($Exception -is [System.Management.Automation.MethodInvocationException] -and $null -ne $Exception.InnerException) { $Exception = $Exception.InnerException }
    New-UdpSuiteErrorRecord -Message ("cannot resolve '{0}': {1}" -f $ComputerName, $Exception.Message) -ErrorId 'UdpSuiteResolveFailed' `
        -Category ObjectNotFound -Target $ComputerName -Exception $Exception
}

function ConvertFrom-UdpSuiteBigEndian {
    # Unsigned big-endian integer of Count bytes at Offset, as [int64] (arithmetic only: 5.1-safe, no overflow).
    param([byte[]]$Bytes, [int]$Offset, [int]$Count = 4)
    [int64]$value = 0
    for ($i = 0; $i -lt $Count; $i++) { $value = $value * 256 + $Bytes[$Offset + $i] }
    $value
}
