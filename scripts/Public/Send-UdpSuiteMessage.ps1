function Send-UdpSuiteMessage {
    <#
    .SYNOPSIS
    Sends a chat message through a UdpSuite server, using the udpsuite command line.

    .DESCRIPTION
    Send-UdpSuiteMessage runs "udpsuite send --server SERVER --user USER --to TO --wait STATE --deadline MS TEXT"
    with the credential's password in the UDPSUITE_PASSWORD environment variable of that process only (never on
    a command line). udpsuite logs in (SCRAM challenge-response), sends the message reliably and waits until it
    reaches -Wait: sent (the server stored it durably), delivered (the recipient's client has it) or read.

    The chat session itself (SCRAM login, per-datagram HMAC and replay windows, fragment acknowledgements) is
    udpsuite's work: this function is a typed PowerShell front end to it. Text comes from the pipeline, one message
    per string. A refused or failed message, a silent server and a missing udpsuite are non-terminating errors
    carrying udpsuite's own message (-ErrorAction Stop makes them terminating).

    .PARAMETER To
    The recipient's account name.

    .PARAMETER Text
    The message text (UTF-8, up to 64 KiB); accepted from the pipeline.

    .PARAMETER Credential
    The sender's account name and password (Get-Credential, or [pscredential]::new(name, securestring)).

    .PARAMETER ServerKey
    The chat server's key fingerprint (SHA256:..., as "udpsuite server key" prints it), passed as --server-key: the
    server must present exactly this key and known_servers is not consulted. Without it, udpsuite checks the key
    against known_servers ($XDG_CONFIG_HOME/udpsuite/known_servers), pinning it on first contact (shown as a warning);
    a changed key is refused before any name or password is sent (an error record with both fingerprints, the file
    and the line to remove).

    .PARAMETER Server
    The chat server as HOST:PORT or HOST (default 127.0.0.1:8081).

    .PARAMETER Wait
    State to wait for: sent (default), delivered or read.

    .PARAMETER DeadlineMs
    Milliseconds until the message counts as failed (default 30000). The udpsuite process is ended if it runs
    15 seconds past this (its login alone may take up to 5 s against a silent server).

    .PARAMETER UdpSuitePath
    The udpsuite command (default 'udpsuite' on PATH) or the path of a udpsuite.dll, which is run with dotnet.

    .EXAMPLE
    $cred = Get-Credential alice; Send-UdpSuiteMessage -To bob -Text 'build finished' -Credential $cred -Server chat:8081

    Sends one message and returns once the server has stored it.

    .EXAMPLE
    'line 1', 'line 2' | Send-UdpSuiteMessage -To bob -Credential $cred -Wait delivered

    Sends two messages, each waiting until bob's client has it.

    .INPUTS
    System.String (message texts), or objects with To and Text properties.

    .OUTPUTS
    UdpSuite.SentMessage: MessageId, State, To, Text, Server.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.SentMessage')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [ValidateLength(1, 64)]
        [string]$To,

        [Parameter(Mandatory, Position = 1, ValueFromPipeline, ValueFromPipelineByPropertyName)]
        [ValidateNotNullOrEmpty()]
        [string]$Text,

        [Parameter(Mandatory)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [ValidateNotNullOrEmpty()]
        [string]$Server = '127.0.0.1:8081',

        [ValidatePattern('^SHA256:[A-Za-z0-9+/]{43}=?$')]
        [string]$ServerKey,

        [ValidateSet('sent', 'delivered', 'read')]
        [string]$Wait = 'sent',

        [ValidateRange(1, 3600000)]
        [int]$DeadlineMs = 30000,

        [ValidateNotNullOrEmpty()]
        [string]$UdpSuitePath = 'udpsuite'
    )

    begin {
        $user = $Credential.UserName
    }

    process {
        $arguments = @('send', '--server', $Server)
        if ($ServerKey) { $arguments += @('--server-key', $ServerKey) }
        $arguments += @('--user', $user, '--to', $To, '--wait', $Wait, '--deadline', [string]$DeadlineMs, '--', $Text)
        try {
            $process = Start-UdpSuiteCli -UdpSuitePath $UdpSuitePath -Arguments $arguments -Credential $Credential -Cmdlet $PSCmdlet
        }
        catch {
            $PSCmdlet.WriteError((Get-UdpSuiteStartError -UdpSuitePath $UdpSuitePath -Exception $_.Exception))
            return
        }

        try {
            $stdout = $process.StandardOutput.ReadToEndAsync()
            $stderr = $process.StandardError.ReadToEndAsync()
            if (-not $process.WaitForExit($DeadlineMs + 15000)) {
                Stop-UdpSuiteCli $process
                $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('udpsuite send did not finish within {0} ms' -f ($DeadlineMs + 15000)) `
                            -ErrorId 'UdpSuiteCliTimeout' -Category OperationTimeout -Target $To))
                return
            }
            $process.WaitForExit()
            $output = $stdout.GetAwaiter().GetResult()
            $errorText = $stderr.GetAwaiter().GetResult()
            $PSCmdlet.WriteVerbose(('udpsuite send exit {0}: {1} {2}' -f $process.ExitCode, $output.Trim(), $errorText.Trim()))
            Write-UdpSuiteCliNotice -Cmdlet $PSCmdlet -StandardError $errorText
            if ($process.ExitCode -ne 0) {
                $PSCmdlet.WriteError((Get-UdpSuiteCliError -Command 'send' -ExitCode $process.ExitCode -StandardError $errorText -Target $To))
                return
            }

            # udpsuite send prints "MESSAGE-ID STATE".
            $fields = $output.Trim() -split '\s+'
            [pscustomobject]@{
                PSTypeName = 'UdpSuite.SentMessage'
                MessageId  = $fields[0]
                State      = if ($fields.Count -gt 1) { $fields[1] } else { $Wait }
                To         = $To
                Text       = $Text
                Server     = $Server
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
