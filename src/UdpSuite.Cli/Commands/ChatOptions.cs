using System.CommandLine;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// The options every chat command has: <c>--server HOST:PORT</c>, <c>--server-key FINGERPRINT</c> and <c>--user NAME</c>.
/// The password is never an option.
/// </summary>
internal sealed class ChatOptions
{
    /// <summary>The chat listener's default address: this host, the classic QQ-demo port.</summary>
    public const string DefaultServer = "127.0.0.1:8081";

    /// <summary>Port used when <c>--server</c> names only a host.</summary>
    public const int DefaultPort = 8081;

    public Option<string> Server { get; } = SharedOptions.Server(DefaultServer);

    public Option<string?> ServerKey { get; } = SharedOptions.ServerKey();

    public Option<string> User { get; } = new("--user", "-u")
    {
        Description = "Account name (the password comes from UDPSUITE_PASSWORD or a prompt, never from the command line)",
        Required = true,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ServerKey);
        command.Options.Add(User);
    }

    /// <summary>
    /// The server as given and the <c>--server-key</c> fingerprint; the configured <c>Chat:ServerKey</c> is read later,
    /// by <see cref="ChatCommandRunner.WithServerKey"/>, where a broken configuration becomes an exit code.
    /// </summary>
    public ChatTarget Target(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new ChatTarget(parse.GetValue(Server) ?? DefaultServer, parse.GetValue(ServerKey));
    }
}

/// <summary>
/// Which chat server a command talks to: its address as the user gave it and, when given, the key to expect
/// (<c>--server-key</c>, or for <c>udpsuite chat</c> the contacts.json entry); without one, configuration decides.
/// </summary>
internal sealed record ChatTarget(string Server, string? ServerKey);
