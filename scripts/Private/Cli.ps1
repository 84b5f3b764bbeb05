# Private helpers for the chat functions, which drive the udpsuite command line (udpsuite send / listen --json)
# instead of re-implementing the v2 channel (Noise handshake, server key pins, Argon2id login, sealed datagrams) in PowerShell.

function Start-UdpSuiteCli {
    # Starts udpsuite (a command on PATH, or a udpsuite.dll run through dotnet) with redirected output and the
    # password in UDPSUITE_PASSWORD (never on the command line, where other users could read it). Its stdin is closed
    # at once (no prompt can ever wait for input) unless -KeepInput: then the caller writes to it (listen --confirm-stdin).
    param([string]$UdpSuitePath, [string[]]$Arguments, [System.Management.Automation.PSCredential]$Credential,
        [System.Management.Automation.PSCmdlet]$Cmdlet, [switch]$KeepInput)
    $info = [System.Diagnostics.ProcessStartInfo]::new()
    $all = [System.Collections.Generic.List[string]]::new()
    if ($UdpSuitePath.EndsWith('.dll', [System.StringComparison]::OrdinalIgnoreCase)) {
        $info.FileName = 'dotnet'
        $all.Add($UdpSuitePath)
    }
    else {
        $info.FileName = $UdpSuitePath
    }
    foreach ($argument in $Arguments) { $all.Add($argument) }
    if ($null -ne $info.PSObject.Properties['ArgumentList']) {
        foreach ($argument in $all) { $info.ArgumentList.Add($argument) }
    }
    else {
        # Windows PowerShell 5.1 (.NET Framework): one command line, quoted as the C runtime parses it.
        $info.Arguments = ($all | ForEach-Object { '"' + ($_ -replace '(\\*)"', '$1$1\"' -replace '(\\+)$', '$1$1') + '"' }) -join ' '
    }
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $info.StandardOutputEncoding = [System.Text.UTF8Encoding]::new($false)
    $info.StandardErrorEncoding = [System.Text.UTF8Encoding]::new($false)
    $info.Environment['UDPSUITE_PASSWORD'] = $Credential.GetNetworkCredential().Password
    if ($null -ne $Cmdlet) { $Cmdlet.WriteVerbose(('run {0} {1} (password in UDPSUITE_PASSWORD)' -f $info.FileName, ($all -join ' '))) }
    $process = [System.Diagnostics.Process]::Start($info)
    if (-not $KeepInput) { $process.StandardInput.Close() }
    $process
}

function Stop-UdpSuiteCli {
    # Ends a udpsuite process that outlived its deadline (and reaps it).
    param([System.Diagnostics.Process]$Process)
    try {
        if (-not $Process.HasExited) {
            $Process.Kill()
            [void]$Process.WaitForExit(5000)
        }
    }
    catch [System.InvalidOperationException] {
        # Already gone.
    }
}

function Write-UdpSuiteCliNotice {
    # udpsuite's notices on stderr that are not failures become warnings: the first pin of a server key (with its
    # fingerprint), exactly as udpsuite wrote it.
    param([System.Management.Automation.PSCmdlet]$Cmdlet, [string]$StandardError)
    foreach ($line in @($StandardError -split "`r?`n")) {
        if ($line -match 'First contact with .*: pinned its key') { $Cmdlet.WriteWarning($line) }
    }
}

function Get-UdpSuiteCliError {
    # An ErrorRecord for a udpsuite run that failed: stderr's last line is the message (udpsuite writes one clear line),
    # except for a refused server key (exit code 3), whose whole description (both fingerprints, the file and the line
    # to remove) is the message.
    param([string]$Command, [int]$ExitCode, [string]$StandardError, [object]$Target)
    if ($ExitCode -eq 3) {
        $description = (@($StandardError -split "`r?`n" | Where-Object { $_ -notmatch 'First contact with' }) -join "`n").Trim()
        return New-UdpSuiteErrorRecord -Message ('{0} (exit code 3)' -f $description) -ErrorId ('UdpSuiteServerKeyChanged.' + $Command) `
            -Category SecurityError -Target $Target -Exception ([System.Security.SecurityException]::new($description))
    }
    $lines = @($StandardError -split "`r?`n" | Where-Object { $_.Trim().Length -gt 0 })
    $message = if ($lines.Count -gt 0) { $lines[$lines.Count - 1] } else { 'udpsuite {0} exited with code {1}' -f $Command, $ExitCode }
    $category = if ($message -match 'timeout') { [System.Management.Automation.ErrorCategory]::OperationTimeout }
    elseif ($ExitCode -eq 2) { [System.Management.Automation.ErrorCategory]::InvalidArgument }
    elseif ($message -match '(?i)authentication|password') { [System.Management.Automation.ErrorCategory]::AuthenticationError }
    else { [System.Management.Automation.ErrorCategory]::ConnectionError }
    New-UdpSuiteErrorRecord -Message ('{0} (exit code {1})' -f $message, $ExitCode) -ErrorId ('UdpSuiteCliFailed.' + $Command) -Category $category -Target $Target `
        -Exception ([System.InvalidOperationException]::new($message))
}

function Get-UdpSuiteStartError {
    param([string]$UdpSuitePath, [System.Exception]$Exception)
    New-UdpSuiteErrorRecord -Message ("cannot run '{0}': {1}. Install the udpsuite tool (dotnet tool install --global UdpSuite) or pass -UdpSuitePath." -f $UdpSuitePath, $Exception.Message) `
        -ErrorId 'UdpSuiteCliNotFound' -Category ObjectNotFound -Target $UdpSuitePath -Exception $Exception
}
