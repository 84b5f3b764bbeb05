using System.Runtime.CompilerServices;

namespace UdpSuite.Tui.Tests;

internal static class TestSetup
{
    /// <summary>
    /// Terminal.Gui must not touch the real terminal from a test host (a host inside a terminal can be stopped by
    /// SIGTTOU); set before any test runs.
    /// </summary>
    [ModuleInitializer]
    internal static void Init() => Environment.SetEnvironmentVariable("DisableRealDriverIO", "1");
}
