function Register-UdpSuiteAccount {
    <#
    .SYNOPSIS
    Creates a chat account on a UdpSuite server, using "udpsuite register".

    .DESCRIPTION
    Register-UdpSuiteAccount runs "udpsuite register --server SERVER --user USER" with the
    credential's password in UDPSUITE_PASSWORD (that process only). udpsuite checks the server's key first, then only
    the Argon2id verifier (salt, parameters, StoredKey, ServerKey) leaves this machine, sealed, never the password. A taken or invalid name, a silent server and a
    missing udpsuite are non-terminating errors with udpsuite's own message.

    .PARAMETER Credential
    The new account's name and password; accepted from the pipeline.

    .PARAMETER ServerKey
    The chat server's key fingerprint (SHA256:..., as "udpsuite server key" prints it), passed as --server-key: the
    server must present exactly this key and known_servers is not consulted. Without it, udpsuite checks the key
    against known_servers ($XDG_CONFIG_HOME/udpsuite/known_servers), pinning it on first contact (shown as a warning);
    a changed key is refused before any name or password is sent (an error record with both fingerprints, the file
    and the line to remove).

    .PARAMETER Server
    The chat server as HOST:PORT or HOST (default 127.0.0.1:8081).

    .PARAMETER TimeoutMs
    Longest wait for udpsuite, in milliseconds (default 30000).

    .PARAMETER UdpSuitePath
    The udpsuite command (default 'udpsuite' on PATH) or the path of a udpsuite.dll, which is run with dotnet.

    .EXAMPLE
    Register-UdpSuiteAccount -Credential (Get-Credential alice) -Server chat:8081

    Creates the account alice.

    .EXAMPLE
    $alice, $bob | Register-UdpSuiteAccount

    Creates two accounts on this host's server with the cheapest allowed verifier (test setups).

    .INPUTS
    System.Management.Automation.PSCredential.

    .OUTPUTS
    UdpSuite.Account: UserName, Server.
    #>
    [CmdletBinding()]
    [OutputType('UdpSuite.Account')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline)]
        [System.Management.Automation.PSCredential]
        [System.Management.Automation.Credential()]
        $Credential,

        [ValidateNotNullOrEmpty()]
        [string]$Server = '127.0.0.1:8081',

        [ValidatePattern('^SHA256:[A-Za-z0-9+/]{43}=?$')]
        [string]$ServerKey,

        [ValidateRange(1, 3600000)]
        [int]$TimeoutMs = 30000,

        [ValidateNotNullOrEmpty()]
        [string]$UdpSuitePath = 'udpsuite'
    )

    begin {
    }

    process {
        $arguments = @('register', '--server', $Server, '--user', $Credential.UserName)
        if ($ServerKey) { $arguments += @('--server-key', $ServerKey) }
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
            if (-not $process.WaitForExit($TimeoutMs)) {
                Stop-UdpSuiteCli $process
                $PSCmdlet.WriteError((New-UdpSuiteErrorRecord -Message ('udpsuite register did not finish within {0} ms' -f $TimeoutMs) `
                            -ErrorId 'UdpSuiteCliTimeout' -Category OperationTimeout -Target $Credential.UserName))
                return
            }
            $process.WaitForExit()
            $PSCmdlet.WriteVerbose(('udpsuite register exit {0}: {1}' -f $process.ExitCode, $stdout.GetAwaiter().GetResult().Trim()))
            Write-UdpSuiteCliNotice -Cmdlet $PSCmdlet -StandardError $stderr.GetAwaiter().GetResult()
            if ($process.ExitCode -ne 0) {
                $PSCmdlet.WriteError((Get-UdpSuiteCliError -Command 'register' -ExitCode $process.ExitCode -StandardError $stderr.GetAwaiter().GetResult() -Target $Credential.UserName))
                return
            }
            [pscustomobject]@{
                PSTypeName = 'UdpSuite.Account'
                UserName   = $Credential.UserName
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
