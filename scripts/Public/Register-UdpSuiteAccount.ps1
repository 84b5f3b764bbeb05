function Register-UdpSuiteAccount {
    <#
    .SYNOPSIS
    Creates a chat account on a UdpSuite server, using "udpsuite register".

    .DESCRIPTION
    Register-UdpSuiteAccount runs "udpsuite register --server SERVER --user USER --iterations N" with the
    credential's password in UDPSUITE_PASSWORD (that process only). Only the SCRAM verifier (salt, iteration count,
    StoredKey, ServerKey) leaves this machine, never the password. A taken or invalid name, a silent server and a
    missing udpsuite are non-terminating errors with udpsuite's own message.

    .PARAMETER Credential
    The new account's name and password; accepted from the pipeline.

    .PARAMETER Server
    The chat server as HOST:PORT or HOST (default 127.0.0.1:8081).

    .PARAMETER Iterations
    PBKDF2 iterations of the password verifier, 4096-10000000 (default 100000).

    .PARAMETER TimeoutMs
    Longest wait for udpsuite, in milliseconds (default 30000).

    .PARAMETER UdpSuitePath
    The udpsuite command (default 'udpsuite' on PATH) or the path of a udpsuite.dll, which is run with dotnet.

    .EXAMPLE
    Register-UdpSuiteAccount -Credential (Get-Credential alice) -Server chat:8081

    Creates the account alice.

    .EXAMPLE
    $alice, $bob | Register-UdpSuiteAccount -Iterations 4096

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

        [ValidateRange(4096, 10000000)]
        [int]$Iterations = 100000,

        [ValidateRange(1, 3600000)]
        [int]$TimeoutMs = 30000,

        [ValidateNotNullOrEmpty()]
        [string]$UdpSuitePath = 'udpsuite'
    )

    begin {
    }

    process {
        $arguments = @('register', '--server', $Server, '--user', $Credential.UserName, '--iterations', [string]$Iterations)
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
