using System.Net;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Discovery;
using UdpSuite.Client.Security;
using UdpSuite.Client.Transport;
using UdpSuite.Tui.Chat;
using UdpSuite.Tui.FirstRun;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// The network side of <c>udpsuite chat</c>'s login screens: discovery (broadcast on each interface that is up plus
/// the configured hosts, <see cref="ClientConfiguration.DiscoveryTargets"/>), PROBE for the server's name and key, and
/// register / log in with the same key pinning as every chat command (a new client per attempt, so a refused one
/// leaves nothing behind). Announces a first pin through <paramref name="onPinned"/>.
/// </summary>
internal sealed class ChatLoginBackend(string? serverKey, Action<PinVerification> onPinned) : IFirstRunBackend
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<FoundServer>> DiscoverAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<IPEndPoint> targets = ClientConfiguration.DiscoveryTargets();
        IReadOnlyList<DiscoveredServer> found = await new ServerFinder(DiscoveryTimeout).FindAsync(targets, cancellationToken).ConfigureAwait(false);
        return [.. found.Where(s => s.Chat is not null).Select(s => new FoundServer(s.Name, s.Chat!.ToString(), s.ServerKeyFingerprint.ToString()))];
    }

    public async Task<ServerIdentity> ProbeAsync(string server, CancellationToken cancellationToken)
    {
        await using ChatClient client = await CreateAsync(server, cancellationToken).ConfigureAwait(false);
        Protocol.Security.Channel.ProbeAnswer answer = await client.ProbeAsync(cancellationToken).ConfigureAwait(false);
        bool pinned = false;
        if (KnownServersLocator.UserPath() is { } path)
        {
            try
            {
                pinned = new KnownServers(path).Lookup(server).Any(p => p.Fingerprint.Equals(answer.Fingerprint));
            }
            catch (Exception ex) when (ex is ArgumentException or KnownServersException or IOException)
            {
                // Not readable now: the login says what is wrong with the pins.
            }
        }

        return new ServerIdentity(answer.ServerName, answer.Fingerprint.ToString(), pinned);
    }

    public async Task RegisterAsync(string server, string user, string password, string? inviteToken, CancellationToken cancellationToken)
    {
        // No server has an invitation mode yet: the token the screen asks for after such a refusal has no field on the wire.
        _ = inviteToken;
        await using ChatClient client = await CreateAsync(server, cancellationToken).ConfigureAwait(false);
        await client.RegisterAsync(user, password, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IChatSession> LoginAsync(string server, string user, string password, CancellationToken cancellationToken)
    {
        ChatClient client = await CreateAsync(server, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ChatClientSession.StartAsync(client, user, password, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<ChatClient> CreateAsync(string server, CancellationToken cancellationToken)
    {
        IPEndPoint endpoint;
        try
        {
            endpoint = await UdpServerAddress.ResolveAsync(server, ChatOptions.DefaultPort, cancellationToken).ConfigureAwait(false);
        }
        catch (UdpRequestException ex)
        {
            throw new ArgumentException(ex.Message, nameof(server), ex);
        }

        ChatClientOptions options = ChatCommandRunner.WithServerKey(new ChatClientOptions(), new ChatTarget(server, serverKey), "chat");
        // A device of its own, kept in the data directory: the server remembers what this program already has.
        return new ChatClient(endpoint, options with { OnServerKeyPinned = onPinned, Device = ChatDevice.ForProgram("chat") });
    }
}
