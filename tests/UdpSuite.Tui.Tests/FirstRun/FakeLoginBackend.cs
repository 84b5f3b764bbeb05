using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Chat;
using UdpSuite.Tui.FirstRun;
using UdpSuite.Tui.Tests.Views;

namespace UdpSuite.Tui.Tests.FirstRun;

/// <summary>A server for the login screens: accounts with passwords, optional invitation-only registration, found by discovery or not.</summary>
internal sealed class FakeLoginBackend : IFirstRunBackend
{
    public List<FoundServer> Found { get; } = [];

    public Dictionary<string, string> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, a registration needs this token.</summary>
    public string? InviteToken { get; set; }

    public List<string> Logins { get; } = [];

    public List<(string User, string? Token)> Registrations { get; } = [];

    public Task<IReadOnlyList<FoundServer>> DiscoverAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FoundServer>>([.. Found]);

    public Task<ServerIdentity> ProbeAsync(string server, CancellationToken cancellationToken) =>
        Task.FromResult(new ServerIdentity("test-server", "SHA256:" + new string('A', 43), Pinned: false));

    public Task RegisterAsync(string server, string user, string password, string? inviteToken, CancellationToken cancellationToken)
    {
        if (InviteToken is not null && inviteToken != InviteToken)
        {
            return Task.FromException(new ChatException(ChatErrorCode.BadInviteCode, "registration refused by the server: BadInviteCode"));
        }

        if (!Accounts.TryAdd(user, password))
        {
            return Task.FromException(new ChatException(ChatErrorCode.UserExists, "registration refused: UserExists"));
        }

        Registrations.Add((user, inviteToken));
        return Task.CompletedTask;
    }

    public Task<IChatSession> LoginAsync(string server, string user, string password, CancellationToken cancellationToken)
    {
        Logins.Add($"{user}@{server}");
        return Accounts.TryGetValue(user, out string? known) && known == password
            ? Task.FromResult<IChatSession>(new FakeChatSession(user))
            : Task.FromException<IChatSession>(new ChatException(ChatErrorCode.AuthenticationFailed, "login refused: AuthenticationFailed"));
    }
}
