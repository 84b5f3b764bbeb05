using UdpSuite.Tui.Chat;

namespace UdpSuite.Tui.FirstRun;

/// <summary>A server the discovery probe found: its name, the chat address to use, and the fingerprint its (unauthenticated) answer claimed.</summary>
public sealed record FoundServer(string Name, string ChatAddress, string Fingerprint);

/// <summary>
/// What the server said when asked who it is (PROBE): its name and key fingerprint, and what the pins in known_servers
/// say about that key: <see cref="Pinned"/> true when it matches the pin, false when there is no pin yet (it will be
/// pinned at the first login). A key that differs from the pin refuses the login, which then says so.
/// </summary>
public sealed record ServerIdentity(string Name, string Fingerprint, bool Pinned);

/// <summary>
/// The network side of the first-run screens, so the screens are tested with a fake: discovery, the server's identity,
/// registering and logging in. Methods throw <see cref="Client.Chat.ChatException"/> (for example
/// <see cref="Protocol.Chat.ChatErrorCode.AuthenticationFailed"/>) or <see cref="ArgumentException"/> for an address
/// that does not resolve.
/// </summary>
public interface IFirstRunBackend
{
    /// <summary>Probes the local network (and the configured hosts) for servers.</summary>
    Task<IReadOnlyList<FoundServer>> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>Asks <paramref name="server"/> (host:port) who it is.</summary>
    Task<ServerIdentity> ProbeAsync(string server, CancellationToken cancellationToken);

    /// <summary>Creates the account; <paramref name="inviteToken"/> is given when the server asked for one.</summary>
    Task RegisterAsync(string server, string user, string password, string? inviteToken, CancellationToken cancellationToken);

    /// <summary>Logs in and returns the session the main window runs on.</summary>
    Task<IChatSession> LoginAsync(string server, string user, string password, CancellationToken cancellationToken);
}

/// <summary>How the first-run screens ended: logged in (<see cref="Session"/>), or a server key the pins refuse (<see cref="Refusal"/>).</summary>
public sealed record FirstRunResult(string Server, string User, IChatSession? Session, string? Refusal);
