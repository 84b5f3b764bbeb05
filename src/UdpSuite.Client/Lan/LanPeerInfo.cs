using System.Net;

namespace UdpSuite.Client.Lan;

/// <summary>
/// One IP Messenger, FeiQ or iptux user as its last entry described it. Nothing here is authenticated: any host can
/// claim any name (docs/SECURITY.md).
/// </summary>
public sealed record LanPeerInfo(IPEndPoint Endpoint, string User, string Host, string Nickname, string Group, bool Utf8, bool Absent, DateTimeOffset LastSeen)
{
    /// <summary>The nickname, or the user name when the peer gave none.</summary>
    public string ShownName => string.IsNullOrWhiteSpace(Nickname) ? User : Nickname;

    /// <summary>Whether <paramref name="name"/> is this peer's nickname, user, host or address (case-insensitive).</summary>
    public bool Matches(string name) =>
        string.Equals(Nickname, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(User, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Host, name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Endpoint.Address.ToString(), name, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Endpoint.ToString(), name, StringComparison.OrdinalIgnoreCase);
}
