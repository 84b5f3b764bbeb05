function Get-SntpTime {
    <#
    .SYNOPSIS
    Queries an SNTP/NTP server (RFC 4330) and returns its time, the clock offset and the round-trip delay.

    .DESCRIPTION
    Get-SntpTime sends one SNTPv4 client request (mode 3) whose transmit timestamp is this machine's clock (T1,
    read right before the send, after the code that writes it has run once so its first-run cost is not counted),
    and reads the server's reply (mode 4): receive timestamp T2, transmit timestamp T3, and the local arrival time
    T4. As RFC 4330 section 5 defines them:

        Offset = ((T2 - T1) + (T3 - T4)) / 2     how far this clock is behind the server's (positive: behind)
        Delay  = (T4 - T1) - (T3 - T2)           the network round trip, without the server's own processing

    Differences are taken modulo 2^32 seconds, so they stay right across the 2036 NTP era boundary. Offset and
    Delay are TimeSpan values (OffsetMs and DelayMs give the same in milliseconds as doubles).

    The reply is checked: it must be a 48-byte (or longer) mode 4 packet whose origin timestamp echoes our transmit
    timestamp (otherwise it is stale or forged and is reported as an error). A Kiss-o'-Death packet (stratum 0)
    is reported as a non-terminating error carrying its kiss code (RATE: you are asking too often; DENY, RSTR:
    access refused). Timeouts and closed ports are non-terminating errors too; -ErrorAction Stop makes them terminating.

    .PARAMETER ComputerName
    The server's host name or IP address (default 127.0.0.1); accepted from the pipeline.

    .PARAMETER Port
    The server's UDP port, 1-65535 (default 1123, UdpSuite's unprivileged SNTP port; standard NTP is 123).

    .PARAMETER TimeoutMs
    Longest wait for each reply in milliseconds (default 2000).

    .PARAMETER Count
    Samples to take, one after the other (1-16, default 1). The one with the lowest delay is reported, as ntpdig and
    chronyd do: its offset has the least room for error (at most half its delay). -Verbose shows every sample.
    Samples that time out are skipped while another succeeds; a Kiss-o'-Death or a bad reply stops at once.
    Mind the server's rate limit (UdpSuite's default: a burst of 16, then 2 a second).

    .EXAMPLE
    Get-SntpTime -ComputerName 127.0.0.1 -Port 1123

    The server's time, offset, delay, stratum and reference id.

    .EXAMPLE
    Get-SntpTime -ComputerName 127.0.0.1 -Port 1123 -Count 4

    Four samples; the lowest-delay one is reported (Samples = 4).

    .EXAMPLE
    $s = Get-SntpTime -ComputerName timehost; if ([Math]::Abs($s.OffsetMs) -gt 100) { "clock is off by $($s.OffsetMs) ms" }

    A clock offset check.

    .EXAMPLE
    'ntp1', 'ntp2' | Get-SntpTime -Port 123 -ErrorAction SilentlyContinue | Sort-Object DelayMs

    Several servers from the pipeline (Sort-Object needs a full PowerShell).

    .INPUTS
    System.String (computer names).

    .OUTPUTS
    UdpSuite.SntpTime: ServerTime (DateTimeOffset, UTC: the server's transmit timestamp T3), Offset and Delay
    (TimeSpan), OffsetMs and DelayMs (double), Stratum, ReferenceId (ASCII code at stratum 0-1, dotted IPv4 above),
    LeapIndicator (NoWarning, LastMinuteHas61Seconds, LastMinuteHas59Seconds, Unsynchronized), Version, Precision,
    RootDelayMs, RootDispersionMs, RoundTripMs, Server, Samples (how many were taken; the lowest-delay one is shown).
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.SntpTime')]
    param(
        [Parameter(Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [Alias('HostName')]
        [ValidateNotNullOrEmpty()]
        [string]$ComputerName = '127.0.0.1',

        [Parameter(ValueFromPipelineByPropertyName)]
        [ValidateRange(1, 65535)]
        [int]$Port = 1123,

        [ValidateRange(1, 600000)]
        [int]$TimeoutMs = 2000,

        [ValidateRange(1, 16)]
        [int]$Count = 1
    )

    begin {
        $eraSeconds = [decimal]4294967296

        # NTP timestamp (8 bytes at Offset) as decimal seconds within its era.
        function Read-NtpTimestamp([byte[]]$Bytes, [int]$Offset) {
            [decimal](ConvertFrom-UdpSuiteBigEndian $Bytes $Offset 4) + [decimal](ConvertFrom-UdpSuiteBigEndian $Bytes ($Offset + 4) 4) / $eraSeconds
        }

        # b - a in seconds, as the signed 64-bit difference of the raw values (right across an era boundary).
        function Get-NtpDifference([decimal]$b, [decimal]$a) {
            $d = $b - $a
            if ($d -ge $eraSeconds / 2) { $d -= $eraSeconds }
            elseif ($d -lt (-$eraSeconds / 2)) { $d += $eraSeconds }
            $d
        }

        function ConvertTo-TimeSpanFromSeconds([decimal]$seconds) {
            [System.TimeSpan]::FromTicks([int64][Math]::Round($seconds * 10000000))
        }

        # One exchange: @{ Result = the sample } or @{ Error = an ErrorRecord; Final = whether to stop asking }.
        function Measure-SntpSample([System.Net.IPEndPoint]$endPoint) {
            $request = [byte[]]::new(48)
            $request[0] = 0x23   # LI 0, version 4, mode 3 (client); the transmit timestamp T1 is written at send time

            $exchange = Invoke-UdpSuiteExchange -EndPoint $endPoint -Payload $request -TimeoutMs $TimeoutMs -StampNtpTransmit -Cmdlet $PSCmdlet
            if ($exchange.Status -ne 'Replied') {
                return @{ Error = (Get-UdpSuiteExchangeError -Exchange $exchange -EndPoint $endPoint -What 'Get-SntpTime'); Final = $false }
            }

            $reply = $exchange.Reply
            if ($reply.Length -lt 48) {
                return @{ Error = (New-UdpSuiteErrorRecord -Message ('Get-SntpTime: {0} sent {1} bytes, not an NTP packet (48 bytes or more)' -f $endPoint, $reply.Length) `
                            -ErrorId 'UdpSuiteSntpBadReply' -Category InvalidResult -Target $endPoint); Final = $true }
            }

            $leap = $reply[0] -shr 6
            $version = ($reply[0] -shr 3) -band 7
            $mode = $reply[0] -band 7
            $stratum = [int]$reply[1]
            $precision = [int]$reply[3]
            if ($precision -gt 127) { $precision -= 256 }
            $referenceIdValue = ConvertFrom-UdpSuiteBigEndian $reply 12 4
            $referenceId = if ($stratum -le 1) {
                $chars = [System.Text.StringBuilder]::new()
                for ($i = 12; $i -lt 16; $i++) {
                    if ($reply[$i] -eq 0) { break }
                    if ($reply[$i] -ge 0x20 -and $reply[$i] -le 0x7E) { [void]$chars.Append([char]$reply[$i]) } else { [void]$chars.Append('.') }
                }
                $chars.ToString()
            }
            else {
                '{0}.{1}.{2}.{3}' -f $reply[12], $reply[13], $reply[14], $reply[15]
            }

            $originMatches = $true
            for ($i = 0; $i -lt 8; $i++) { if ($reply[24 + $i] -ne $request[40 + $i]) { $originMatches = $false } }
            if (-not $originMatches) {
                return @{ Error = (New-UdpSuiteErrorRecord -Message ('Get-SntpTime: the reply from {0} does not echo our transmit timestamp (stale or forged); ignored' -f $endPoint) `
                            -ErrorId 'UdpSuiteSntpOriginMismatch' -Category SecurityError -Target $endPoint); Final = $true }
            }

            if ($mode -ne 4) {
                return @{ Error = (New-UdpSuiteErrorRecord -Message ('Get-SntpTime: the reply from {0} has mode {1}, not 4 (server)' -f $endPoint, $mode) `
                            -ErrorId 'UdpSuiteSntpBadReply' -Category InvalidResult -Target $endPoint); Final = $true }
            }

            if ($stratum -eq 0) {
                $category = switch ($referenceId) {
                    'RATE' { [System.Management.Automation.ErrorCategory]::LimitsExceeded }
                    'DENY' { [System.Management.Automation.ErrorCategory]::PermissionDenied }
                    'RSTR' { [System.Management.Automation.ErrorCategory]::PermissionDenied }
                    default { [System.Management.Automation.ErrorCategory]::ResourceUnavailable }
                }
                return @{ Error = (New-UdpSuiteErrorRecord -Message ("Get-SntpTime: {0} sent Kiss-o'-Death {1}{2}" -f $endPoint, $referenceId, $(if ($referenceId -eq 'RATE') { ': you are querying too often, slow down' } else { '' })) `
                            -ErrorId ('UdpSuiteSntpKissOfDeath.' + $referenceId) -Category $category -Target $endPoint); Final = $true }
            }

            $t2 = Read-NtpTimestamp $reply 32
            $t3 = Read-NtpTimestamp $reply 40
            if ($t3 -eq 0) {
                return @{ Error = (New-UdpSuiteErrorRecord -Message ('Get-SntpTime: the reply from {0} has no transmit timestamp' -f $endPoint) `
                            -ErrorId 'UdpSuiteSntpBadReply' -Category InvalidResult -Target $endPoint); Final = $true }
            }

            # T1 exactly as sent; T4 on the same era-relative scale (T1's sub-nanosecond truncation does not matter).
            $t1 = Read-NtpTimestamp $request 40
            $t4 = $t1 + [decimal]($exchange.T4Ticks - $exchange.T1Ticks) / 10000000
            $offsetSeconds = ((Get-NtpDifference $t2 $t1) + (Get-NtpDifference $t3 $t4)) / 2
            $delaySeconds = (Get-NtpDifference $t4 $t1) - (Get-NtpDifference $t3 $t2)
            if ($delaySeconds -lt 0) { $delaySeconds = [decimal]0 }

            # Server time: T3 placed in the NTP era nearest this machine's clock.
            $serverTicks = $exchange.T4Ticks + [int64][Math]::Round((Get-NtpDifference $t3 $t4) * 10000000)
            $serverTime = [System.DateTimeOffset]::new([System.DateTime]::new($serverTicks, [System.DateTimeKind]::Utc), [System.TimeSpan]::Zero)

            $leapName = switch ($leap) { 0 { 'NoWarning' } 1 { 'LastMinuteHas61Seconds' } 2 { 'LastMinuteHas59Seconds' } 3 { 'Unsynchronized' } }
            @{ Result = [pscustomobject]@{
                PSTypeName       = 'UdpSuite.SntpTime'
                ServerTime       = $serverTime
                Offset           = ConvertTo-TimeSpanFromSeconds $offsetSeconds
                Delay            = ConvertTo-TimeSpanFromSeconds $delaySeconds
                OffsetMs         = [double]($offsetSeconds * 1000)
                DelayMs          = [double]($delaySeconds * 1000)
                Stratum          = $stratum
                ReferenceId      = $referenceId
                LeapIndicator    = $leapName
                Version          = $version
                Precision        = $precision
                RootDelayMs      = [double](ConvertFrom-UdpSuiteBigEndian $reply 4 4) / 65.536
                RootDispersionMs = [double](ConvertFrom-UdpSuiteBigEndian $reply 8 4) / 65.536
                RoundTripMs      = $exchange.RoundTripMs
                Server           = $endPoint
                Samples          = 1
            } }
        }
    }

    process {
        try {
            $endPoint = Resolve-UdpSuiteEndPoint -ComputerName $ComputerName -Port $Port
        }
        catch {
            $PSCmdlet.WriteError((Get-UdpSuiteResolveError -ComputerName $ComputerName -Exception $_.Exception))
            return
        }

        # Like ntpdig and chronyd: of several samples the one with the lowest delay has the least room for error
        # (|offset error| <= delay / 2), so it is the one reported.
        $best = $null
        $lastError = $null
        for ($sample = 1; $sample -le $Count; $sample++) {
            $outcome = Measure-SntpSample $endPoint
            if ($outcome.ContainsKey('Error')) {
                if ($outcome.Final) {
                    # Kiss-o'-Death, a forged or malformed reply: asking again would not help (after a KoD it must not).
                    $PSCmdlet.WriteError($outcome.Error)
                    return
                }
                $lastError = $outcome.Error
                continue
            }
            $PSCmdlet.WriteVerbose(('sample {0}/{1}: offset {2} ms, delay {3} ms' -f $sample, $Count, $outcome.Result.OffsetMs.ToString('R', [cultureinfo]::InvariantCulture), $outcome.Result.DelayMs.ToString('R', [cultureinfo]::InvariantCulture)))
            if ($null -eq $best -or $outcome.Result.DelayMs -lt $best.DelayMs) { $best = $outcome.Result }
        }

        if ($null -eq $best) {
            $PSCmdlet.WriteError($lastError)
            return
        }

        $best.Samples = $Count
        $best
    }
    end {
    }
}
