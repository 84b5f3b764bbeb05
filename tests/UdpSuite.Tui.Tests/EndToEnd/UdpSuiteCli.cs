using System.Diagnostics;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>Runs <c>udpsuite</c> client commands (the built udpsuite.dll next to the tests) with the password in UDPSUITE_PASSWORD.</summary>
internal static class UdpSuiteCli
{
    /// <summary>Runs <c>udpsuite ARGS</c> to completion (killed after 30 s); returns the exit code and both streams.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string password, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory };
        info.ArgumentList.Add(ServerProcess.CliPath);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["UDPSUITE_PASSWORD"] = password;
        (int code, string stdout, string stderr) = await ExternalProcess.RunAsync(info, TimeSpan.FromSeconds(30));
        return (code, stdout + stderr);
    }
}
