using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// The salt a CHALLENGE carries for a name that has no account: HMAC-SHA256(server secret, name), cut to 16 bytes.
/// Stable per name and per server (the secret is stored), random-looking, so a CHALLENGE never tells whether a
/// name exists.
/// </summary>
internal static class DecoySalt
{
    private static readonly byte[] Label = "UdpSuite decoy salt"u8.ToArray();

    public static byte[] For(ReadOnlySpan<byte> serverSecret, string userName)
    {
        byte[] name = Encoding.UTF8.GetBytes(userName);
        byte[] mac = HMACSHA256.HashData(serverSecret, [.. Label, .. name]);
        return mac[..ChatWire.SaltLength];
    }
}
