using System.CommandLine;
using System.Globalization;
using UdpSuite.Client.Lan;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite lan peers [--timeout MS] [--json] [--lan-port N] [--lan-peer HOST[:PORT]]...</c>: announces itself to
/// the LAN (BR_ENTRY to the broadcast addresses and the configured hosts), collects the IP Messenger, FeiQ and iptux
/// users that answer until the timeout, prints one line (or JSON object) each and leaves with BR_EXIT. Exit 0 when at
/// least one answered, 1 when none did. The names are claims: IP Messenger has no authentication.
/// </summary>
internal static class LanCommand
{
    public static Command Create()
    {
        var command = new Command("lan", "Chat with IP Messenger, FeiQ and iptux users on the LAN (no server; unencrypted).");
        command.Subcommands.Add(CreatePeers());
        return command;
    }

    private static Command CreatePeers()
    {
        var lan = new LanOptions();
        Option<int> timeout = SharedOptions.Timeout();
        timeout.Description = "Milliseconds to collect answers (default 2000)";
        var json = new Option<bool>("--json") { Description = "One JSON object per peer and line" };
        var command = new Command("peers", "List the IP Messenger users on the LAN that answer our entry.");
        lan.AddTo(command);
        command.Options.Add(timeout);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) =>
        {
            var wait = TimeSpan.FromMilliseconds(parse.GetValue(timeout));
            bool asJson = parse.GetValue(json);
            return LanRunner.RunAsync("lan peers", () => lan.Build(parse), anyPortWhenTaken: true, (peer, token) => ListAsync(peer, wait, asJson, token), cancellationToken);
        });
        return command;
    }

    private static async Task<int> ListAsync(LanPeer peer, TimeSpan wait, bool asJson, CancellationToken cancellationToken)
    {
        await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<LanPeerInfo> peers = peer.Peers;
        foreach (LanPeerInfo info in peers)
        {
            await Console.Out.WriteLineAsync(asJson ? ToJson(info) : ToText(info)).ConfigureAwait(false);
        }

        if (peers.Count == 0)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"udpsuite lan peers: no IP Messenger user answered within {wait.TotalMilliseconds:0} ms (targets: {string.Join(", ", peer.AnnounceTargets())})")).ConfigureAwait(false);
            return ExitCodes.Error;
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>NICKNAME  GROUP  user@host  ADDRESS:PORT  [utf-8] [away]</c>, tab-separated.</summary>
    internal static string ToText(LanPeerInfo peer)
    {
        string flags = string.Join(' ', new[] { peer.Utf8 ? "utf-8" : "legacy", peer.Absent ? "away" : null }.OfType<string>());
        return $"{peer.ShownName}\t{peer.Group}\t{peer.User}@{peer.Host}\t{peer.Endpoint}\t{flags}";
    }

    /// <summary>One line of JSON: type "lan-peer", name, user, host, group, address, utf8, away, lastSeen.</summary>
    internal static string ToJson(LanPeerInfo peer) => JsonLine.Write(writer =>
    {
        writer.WriteString("type", "lan-peer");
        writer.WriteString("name", peer.ShownName);
        writer.WriteString("user", peer.User);
        writer.WriteString("host", peer.Host);
        writer.WriteString("group", peer.Group);
        writer.WriteString("address", peer.Endpoint.ToString());
        writer.WriteBoolean("utf8", peer.Utf8);
        writer.WriteBoolean("away", peer.Absent);
        writer.WriteString("lastSeen", JsonLine.Timestamp(peer.LastSeen));
    });
}
