function Send-UdpDatagram {
    <#
    .SYNOPSIS
    Sends UDP datagrams and returns one result object per attempt, with the reply and its round trip.

    .DESCRIPTION
    Send-UdpDatagram sends a text payload (encoded with -Encoding) or raw bytes to ComputerName:Port, -Count times,
    and waits at most -TimeoutMs for each reply on a connected socket. Every attempt produces one object, whether a
    reply came, the wait timed out, or the host answered with ICMP port unreachable; nothing blocks longer than the
    timeout and the socket is always closed.

    A refused attempt (nothing listens on the port) and a name that does not resolve are also written as
    non-terminating errors; -ErrorAction Stop makes them terminating. A timeout is not an error here: it is a
    result (TimedOut = $true), which is what a probe loop counts.

    Pipe many payloads in: strings bind to -Text; objects with a Text or Bytes property bind by property name.
    -Verbose shows every datagram sent and received as a hex and text preview.

    .PARAMETER ComputerName
    Host name or IP address to send to. Names resolve to an IPv4 address when there is one.

    .PARAMETER Port
    UDP port, 1-65535.

    .PARAMETER Text
    The payload as text; encoded with -Encoding. May be empty (an empty datagram).

    .PARAMETER Bytes
    The payload as raw bytes.

    .PARAMETER Encoding
    Encoding of -Text and of ReplyText: UTF8 (default), ASCII, Unicode (UTF-16LE), BigEndianUnicode, UTF32, Latin1.

    .PARAMETER TimeoutMs
    Longest wait for each reply in milliseconds (default 2000).

    .PARAMETER Count
    Number of attempts per payload (default 1).

    .PARAMETER DelayMs
    Pause between attempts in milliseconds (default 0).

    .PARAMETER NoReply
    Do not wait for replies (fire and forget); ReplyBytes is 0 and TimedOut $false.

    .EXAMPLE
    Send-UdpDatagram -ComputerName 127.0.0.1 -Port 9000 -Text '%H:%M:%S'

    Sends one strftime format to the time-text listener and shows the reply.

    .EXAMPLE
    '%F', '%T', '%{tz=Asia/Tokyo}%T %Z' | Send-UdpDatagram -ComputerName 127.0.0.1 -Port 9000 | ForEach-Object ReplyText

    Sends three payloads, one datagram each, and prints the replies.

    .EXAMPLE
    Send-UdpDatagram 127.0.0.1 8081 -Bytes ([byte[]](0x55,0x43,0x02,0x08) + [byte[]]::new(44)) -Count 5 -TimeoutMs 500 -Verbose

    Sends the chat PROBE five times and shows the bytes exchanged.

    .INPUTS
    System.String (the -Text payload), or objects with ComputerName, Port, Text or Bytes properties.

    .OUTPUTS
    UdpSuite.DatagramResult: Attempt, RemoteEndPoint, Status (Replied, TimedOut, Refused, Sent, Failed), SentBytes
    (count), ReplyBytes (count), Reply (byte[]), ReplyText, RoundTripMs (double, $null without a reply), TimedOut.
    #>
    [CmdletBinding(DefaultParameterSetName = 'Text')]
    [OutputType('UdpSuite.DatagramResult')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [Alias('HostName')]
        [ValidateNotNullOrEmpty()]
        [string]$ComputerName,

        [Parameter(Mandatory, Position = 1, ValueFromPipelineByPropertyName)]
        [ValidateRange(1, 65535)]
        [int]$Port,

        [Parameter(Mandatory, Position = 2, ParameterSetName = 'Text', ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [AllowEmptyString()]
        [string]$Text,

        [Parameter(Mandatory, ParameterSetName = 'Bytes', ValueFromPipelineByPropertyName)]
        [AllowEmptyCollection()]
        [byte[]]$Bytes,

        [ValidateSet('UTF8', 'ASCII', 'Unicode', 'BigEndianUnicode', 'UTF32', 'Latin1')]
        [string]$Encoding = 'UTF8',

        [ValidateRange(1, 600000)]
        [int]$TimeoutMs = 2000,

        [ValidateRange(1, 1000000)]
        [int]$Count = 1,

        [ValidateRange(0, 600000)]
        [int]$DelayMs = 0,

        [switch]$NoReply
    )

    begin {
        $textEncoding = switch ($Encoding) {
            'UTF8' { [System.Text.UTF8Encoding]::new($false) }
            'ASCII' { [System.Text.Encoding]::ASCII }
            'Unicode' { [System.Text.Encoding]::Unicode }
            'BigEndianUnicode' { [System.Text.Encoding]::BigEndianUnicode }
            'UTF32' { [System.Text.Encoding]::UTF32 }
            'Latin1' { [System.Text.Encoding]::GetEncoding(28591) }
        }
    }

    process {
        $payload = if ($PSCmdlet.ParameterSetName -eq 'Bytes') { [byte[]]$Bytes } else { $textEncoding.GetBytes($Text) }
        if ($null -eq $payload) { $payload = [byte[]]::new(0) }
        try {
            $endPoint = Resolve-UdpSuiteEndPoint -ComputerName $ComputerName -Port $Port
        }
        catch {
            $PSCmdlet.WriteError((Get-UdpSuiteResolveError -ComputerName $ComputerName -Exception $_.Exception))
            return
        }

        for ($attempt = 1; $attempt -le $Count; $attempt++) {
            if ($attempt -gt 1 -and $DelayMs -gt 0) { [System.Threading.Thread]::Sleep($DelayMs) }
            $exchange = Invoke-UdpSuiteExchange -EndPoint $endPoint -Payload $payload -TimeoutMs $TimeoutMs -NoReply:$NoReply -Cmdlet $PSCmdlet
            $reply = $exchange.Reply
            $replyText = $null
            if ($null -ne $reply) {
                try { $replyText = $textEncoding.GetString($reply) } catch { $replyText = $null }
            }
            [pscustomobject]@{
                PSTypeName     = 'UdpSuite.DatagramResult'
                Attempt        = $attempt
                RemoteEndPoint = $endPoint
                Status         = $exchange.Status
                SentBytes      = $payload.Length
                ReplyBytes     = if ($null -ne $reply) { $reply.Length } else { 0 }
                Reply          = $reply
                ReplyText      = $replyText
                RoundTripMs    = $exchange.RoundTripMs
                TimedOut       = ($exchange.Status -eq 'TimedOut')
            }
            if ($exchange.Status -eq 'Refused' -or $exchange.Status -eq 'Failed') {
                $PSCmdlet.WriteError((Get-UdpSuiteExchangeError -Exchange $exchange -EndPoint $endPoint -What 'Send-UdpDatagram'))
            }
        }
    }

    end {
    }
}
