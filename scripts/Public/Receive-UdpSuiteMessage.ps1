function Receive-UdpSuiteMessage {
    <#
    .SYNOPSIS
    Receives chat messages from a UdpSuite server, using "udpsuite listen --json".

    .DESCRIPTION
    Receive-UdpSuiteMessage runs "udpsuite listen --server SERVER --user USER --json --count COUNT --confirm-stdin"
    with the credential's password in UDPSUITE_PASSWORD (that process only) and emits each message as an object as
    soon as udpsuite prints it (in conversation order). Only after the object was emitted (the rest of the pipeline
    has run for it) does it write the message's id back to udpsuite, which then confirms delivery to the server and
    the sender. A message whose object was not emitted (the pipeline failed, the function was stopped, the timeout
    passed) stays undelivered and comes again at the next receive: deduplicate by Id. It returns
    after -Count messages, or when -TimeoutMs passes: then it ends udpsuite and writes a non-terminating
    OperationTimeout error saying how many messages arrived. Login failures, a silent server and a missing
    udpsuite are non-terminating errors with udpsuite's own message.

    .PARAMETER Credential
    The receiving account's name and password.

    .PARAMETER Count
    How many messages to wait for (default 1).

    .PARAMETER ServerKey
    The chat server's key fingerprint (SHA256:..., as "udpsuite server key" prints it), passed as --server-key: the
    server must present exactly this key and known_servers is not consulted. Without it, udpsuite checks the key
    against known_servers ($XDG_CONFIG_HOME/udpsuite/known_servers), pinning it on first contact (shown as a warning);
    a changed key is refused before any name or password is sent (an error record with both fingerprints, the file
    and the line to remove).

    .PARAMETER Server
    The chat server as HOST:PORT or HOST (default 127.0.0.1:8081).

    .PARAMETER TimeoutMs
    Longest wait for all -Count messages, in milliseconds (default 30000).

    .PARAMETER MarkRead
    Also report each message as read to its sender.

    .PARAMETER UdpSuitePath
    The udpsuite command (default 'udpsuite' on PATH) or the path of a udpsuite.dll, which is run with dotnet.

    .EXAMPLE
    Receive-UdpSuiteMessage -Credential (Get-Credential bob) -Count 1 -TimeoutMs 60000

    Waits up to a minute for one message to bob.

    .EXAMPLE
    Receive-UdpSuiteMessage -Credential $cred -Count 10 -MarkRead | ForEach-Object { '{0:HH:mm} {1}: {2}' -f $_.SentAt, $_.From, $_.Text }

    Prints the next ten messages and marks them read.

    .INPUTS
    None.

    .OUTPUTS
    UdpSuite.ChatMessage: Id, From, To, Text, SentAt (DateTimeOffset, UTC), Sequence.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.ChatMessage')]
    param(
        [Parameter(Mandatory, Position = 0)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [ValidateRange(1, 1000000)]
        [int]$Count = 1,

        [ValidateNotNullOrEmpty()]
        [string]$Server = '127.0.0.1:8081',

        [ValidatePattern('^SHA256:[A-Za-z0-9+/]{43}=?$')]
        [string]$ServerKey,

        [ValidateRange(1, 86400000)]
        [int]$TimeoutMs = 30000,

        [switch]$MarkRead,

        [ValidateNotNullOrEmpty()]
        [string]$UdpSuitePath = 'udpsuite'
    )

    begin {
    }

    process {
        $arguments = [System.Collections.Generic.List[string]]::new()
        foreach ($a in @('listen', '--server', $Server, '--user', $Credential.UserName, '--json', '--count', [string]$Count, '--confirm-stdin')) { $arguments.Add($a) }
        if ($ServerKey) { $arguments.Add('--server-key'); $arguments.Add($ServerKey) }
        if ($MarkRead) { $arguments.Add('--mark-read') }
        try {
            $process = Start-UdpSuiteCli -UdpSuitePath $UdpSuitePath -Arguments $arguments -Credential $Credential -Cmdlet $PSCmdlet -KeepInput
        }
        catch {
            $PSCmdlet.WriteError((Get-UdpSuiteStartError -UdpSuitePath $UdpSuitePath -Exception $_.Exception))
            return
        }

        try {
            $stderr = $process.StandardError.ReadToEndAsync()
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $received = 0
            $timedOut = $false
            while ($true) {
                $remaining = $TimeoutMs - $stopwatch.ElapsedMilliseconds
                $line = $process.StandardOutput.ReadLineAsync()
                if ($remaining -le 0 -or -not $line.Wait([int][Math]::Max(0, $remaining))) { $timedOut = $true; break }
                $text = $line.GetAwaiter().GetResult()
                if ($null -eq $text) { break }
                $PSCmdlet.WriteVerbose(('udpsuite listen: {0}' -f $text))
                $message = ConvertFrom-UdpSuiteMessageJson -InputObject $text
                if ($null -ne $message) {
                    # Presence lines ("type":"presence") give no object and don't count. A message is confirmed only
                    # once it was emitted: output streams, so the next line runs after the downstream commands took the
                    # object, and not at all when one of them failed (their error reaches the caller unchanged).
                    $message
                    $received++
                    try {
                        $process.StandardInput.WriteLine($message.Id)
                        $process.StandardInput.Flush()
                    }
                    catch [System.IO.IOException] {
                        # udpsuite already ended (its exit code and stderr are reported below); the message stays unconfirmed.
                        break
                    }
                }
            }
            try { $process.StandardInput.Close() } catch [System.IO.IOException] { }

            if ($timedOut) {
                Stop-UdpSuiteCli $process
                $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('Receive-UdpSuiteMessage: {0} of {1} messages within {2} ms' -f $received, $Count, $TimeoutMs) `
                            -ErrorId 'UdpSuiteReceiveTimeout' -Category OperationTimeout -Target $Credential.UserName -Exception ([System.TimeoutException]::new(('{0} of {1} messages within {2} ms' -f $received, $Count, $TimeoutMs)))))
                return
            }

            if (-not $process.WaitForExit(10000)) { Stop-UdpSuiteCli $process }
            $process.WaitForExit()
            Write-UdpSuiteCliNotice -Cmdlet $PSCmdlet -StandardError $stderr.GetAwaiter().GetResult()
            if ($process.ExitCode -ne 0) {
                $PSCmdlet.WriteError((Get-UdpSuiteCliError -Command 'listen' -ExitCode $process.ExitCode -StandardError $stderr.GetAwaiter().GetResult() -Target $Credential.UserName))
            }
        }
        finally {
            Stop-UdpSuiteCli $process
            $process.Dispose()
        }
    }

    end {
    }
}
