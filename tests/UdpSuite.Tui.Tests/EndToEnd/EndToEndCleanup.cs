using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Tui.Tests.EndToEnd;

/// <summary>The end of every end-to-end test: the server stopped (when one started), the test's folder removed.</summary>
internal static class EndToEndCleanup
{
    public static async Task StopAsync(ServerProcess? server, string root)
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        DeleteRoot(root);
    }

    /// <summary>Removes <paramref name="root"/>; a folder still in use (a client that has not exited yet) is left to the temp cleaner.</summary>
    public static void DeleteRoot(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Leave it to the temp cleaner.
        }
    }
}
