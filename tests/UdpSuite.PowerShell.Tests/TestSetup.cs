using System.Runtime.CompilerServices;

namespace UdpSuite.PowerShell.Tests;

/// <summary>
/// Keeps the module's udpsuite processes (which inherit this environment) and the in-process clients away from the real
/// user's files: known_servers pins and client configuration go to a temporary XDG_CONFIG_HOME.
/// </summary>
internal static class TestSetup
{
    public static string ConfigHome { get; } = Directory.CreateTempSubdirectory("udpsuite-pwsh-config-").FullName;

    [ModuleInitializer]
    internal static void Isolate()
    {
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", ConfigHome);
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Directory.CreateTempSubdirectory("udpsuite-pwsh-data-").FullName);
    }
}
