using System.Net;
using UdpSuite.Protocol.Lan;

namespace UdpSuite.Client.Lan;

/// <summary>
/// How a <see cref="LanPeer"/> presents itself and whom it announces to. Defaults suit a real LAN (port 2425,
/// broadcast on); tests bind port 0, switch broadcast off and list 127.0.0.1 endpoints in <see cref="Hosts"/>.
/// </summary>
public sealed record LanPeerOptions
{
    /// <summary>UDP port to bind (<c>Client:Lan:Port</c>); 0 picks an ephemeral one.</summary>
    public int Port { get; init; } = IpMsgWire.DefaultPort;

    /// <summary>Address to bind; any IPv4 address by default.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Login name sent in every packet's user field.</summary>
    public string UserName { get; init; } = SafeHeader(Environment.UserName, "udpsuite");

    /// <summary>Host name sent in every packet's host field.</summary>
    public string HostName { get; init; } = SafeHeader(Environment.MachineName, "localhost");

    /// <summary>Name other users see (entries' text); the user name when empty.</summary>
    public string Nickname { get; init; } = string.Empty;

    /// <summary>Group (department) other users see.</summary>
    public string Group { get; init; } = string.Empty;

    /// <summary>Code page for peers that do not announce UTF-8 (<c>Client:Lan:Encoding</c>, GB18030 by default).</summary>
    public string LegacyEncoding { get; init; } = IpMsgWire.DefaultLegacyEncoding;

    /// <summary>Whether entries go to the broadcast address of every IPv4 interface that is up (<c>Client:Lan:Broadcast</c>).</summary>
    public bool Broadcast { get; init; } = true;

    /// <summary>Unicast endpoints that also get our entries: peers on other subnets (<c>Client:Lan:Hosts</c>, <c>--lan-peer</c>).</summary>
    public IReadOnlyList<IPEndPoint> Hosts { get; init; } = [];

    /// <summary>Wait before the first retransmission of an unacknowledged message; doubled after each one.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sends of one message (the first one and the retries) before it counts as not delivered.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>A peer not heard from for this long leaves the peer list.</summary>
    public TimeSpan PeerExpiry { get; init; } = TimeSpan.FromMinutes(12);

    /// <summary>How often BR_ENTRY is sent again so that live peers answer (and stay listed); zero: only at start.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>ANSENTRY answers per address within <see cref="AnswerWindow"/>; more BR_ENTRY packets go unanswered.</summary>
    public int AnswersPerWindow { get; init; } = 4;

    /// <summary>The window of <see cref="AnswersPerWindow"/>.</summary>
    public TimeSpan AnswerWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The nickname shown: <see cref="Nickname"/>, or the user name.</summary>
    public string ShownName => string.IsNullOrWhiteSpace(Nickname) ? UserName : Nickname;

    /// <summary>Colons and control characters cannot appear in the header: replace them.</summary>
    internal static string SafeHeader(string? name, string fallback)
    {
        string cleaned = new([.. (name ?? string.Empty).Select(c => c == ':' || char.IsControl(c) ? '_' : c)]);
        return string.IsNullOrWhiteSpace(cleaned) ? fallback : cleaned;
    }
}
