# UdpSuite PowerShell module: datagram probes, the UdpSuite time services, server discovery and chat from scripts.
# One file per function; this loader dot-sources them in a fixed order. It deliberately avoids Get-ChildItem and
# every other non-Core cmdlet: the module must run in an engine that has only Microsoft.PowerShell.Core.

Set-StrictMode -Version 3.0

$private = @('Transport', 'Cli')
$public = @(
    'Send-UdpDatagram'
    'Get-UdpTime'
    'Get-SntpTime'
    'Get-Rfc868Time'
    'Get-DaytimeText'
    'Find-UdpSuiteServer'
    'Test-UdpSuiteServer'
    'Register-UdpSuiteAccount'
    'Send-UdpSuiteMessage'
    'Receive-UdpSuiteMessage'
    'ConvertFrom-UdpSuiteMessageJson'
)

foreach ($name in $private) { . ('{0}/Private/{1}.ps1' -f $PSScriptRoot, $name) }
foreach ($name in $public) { . ('{0}/Public/{1}.ps1' -f $PSScriptRoot, $name) }

Export-ModuleMember -Function $public
