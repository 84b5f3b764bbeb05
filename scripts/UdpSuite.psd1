@{
    RootModule           = 'UdpSuite.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1c2d4e-8a3b-4e57-9c61-2b7d0e5a9f13'
    Author               = 'UdpSuite contributors'
    CompanyName          = 'UdpSuite'
    Copyright            = '(c) UdpSuite contributors. All rights reserved.'
    Description          = 'Datagram probes and clients for UdpSuite servers: send UDP datagrams, read the strftime time service, SNTP, RFC 868 and RFC 867 time, discover and test servers, and chat through the udpsuite command. Objects out, proper errors, -Verbose shows the bytes.'
    PowerShellVersion    = '5.1'
    # Shows a message's names and text with control characters neutralised (the objects keep the exact text).
    FormatsToProcess     = @('UdpSuite.Format.ps1xml')
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
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
    CmdletsToExport      = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('UDP', 'NTP', 'SNTP', 'Time', 'Chat', 'Network')
        }
    }
}
