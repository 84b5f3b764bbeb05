using UdpSuite.Protocol.Security;

namespace UdpSuite.Client.Chat;

/// <summary>
/// What a chat server says about itself to anyone (PROBE_REPLY, unauthenticated): its name and its public key. The key
/// is only a hint: a login still checks the key the handshake proves against the pin.
/// </summary>
public sealed record ServerProbe(string ServerName, byte[] PublicKey)
{
    /// <summary>The key's fingerprint, as <c>udpsuite server key</c> prints it.</summary>
    public ServerKeyFingerprint Fingerprint { get; } = ServerKeyFingerprint.Of(PublicKey);
}
