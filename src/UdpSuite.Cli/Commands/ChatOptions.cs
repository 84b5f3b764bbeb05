using System.CommandLine;

namespace UdpSuite.Cli.Commands;

/// <summary>The options every chat command has: <c>--server HOST:PORT</c> and <c>--user NAME</c>. The password is never an option.</summary>
internal sealed class ChatOptions
{
    /// <summary>The chat listener's default address: this host, the classic QQ-demo port.</summary>
    public const string DefaultServer = "127.0.0.1:8081";

    /// <summary>Port used when <c>--server</c> names only a host.</summary>
    public const int DefaultPort = 8081;

    public Option<string> Server { get; } = SharedOptions.Server(DefaultServer);

    public Option<string> User { get; } = new("--user", "-u")
    {
        Description = "Account name (the password comes from UDPSUITE_PASSWORD or a prompt, never from the command line)",
        Required = true,
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(User);
    }
}
