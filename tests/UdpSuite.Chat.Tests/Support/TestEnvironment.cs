using System.Runtime.CompilerServices;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>
/// Keeps every client in this test process (and every udpsuite child process, which inherits the environment) away
/// from the real user's files: XDG_CONFIG_HOME (known_servers, contacts.json, client.json) and XDG_DATA_HOME point at
/// a temporary directory from the start. Each client also gets a known_servers file of its own, because servers of
/// different tests may reuse an ephemeral port with a different key.
/// </summary>
public static class TestEnvironment
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "udpsuite-chat-tests-" + Environment.ProcessId);

    /// <summary>The cheap Argon2id parameters the test servers and in-process test clients use (the CLI uses OWASP's minimum).</summary>
    public static readonly Protocol.Security.Passwords.Argon2idParameters CheapPasswordHash = new(8, 1, 1);

    [ModuleInitializer]
    internal static void Isolate()
    {
        Environment.SetEnvironmentVariable("XDG_CONFIG_HOME", NewDirectory("config"));
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", NewDirectory("data"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a child process may still hold a file.
            }
            catch (UnauthorizedAccessException)
            {
                // Best effort.
            }
        };
    }

    /// <summary>A new, empty directory under this run's temporary root.</summary>
    public static string NewDirectory(string purpose = "dir") =>
        Directory.CreateDirectory(Path.Combine(Root, $"{purpose}-{Guid.NewGuid():N}")).FullName;

    /// <summary>A known_servers path of its own (the file does not exist yet).</summary>
    public static string NewPinsPath() => Path.Combine(NewDirectory("pins"), "known_servers");
}
