using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat.Store;

/// <summary>
/// The message id of one member's copy of a group message: the first 16 bytes of
/// SHA-256("UdpSuite group copy" ‖ group message id ‖ UTF-8 member name). Deterministic, so a repeated commit or a
/// rebuilt store names the same copy, and distinct per member, so every copy is an ordinary message of its inbox
/// (acknowledged, receipted and deduplicated by this id).
/// </summary>
internal static class GroupCopyId
{
    private static readonly byte[] Label = "UdpSuite group copy"u8.ToArray();

    public static Guid For(Guid groupMessageId, string member)
    {
        Span<byte> input = stackalloc byte[Label.Length + ChatWire.MessageIdLength + (ChatWire.MaxUserNameBytes * 4)];
        Label.CopyTo(input);
        groupMessageId.TryWriteBytes(input[Label.Length..], bigEndian: true, out _);
        int length = Label.Length + ChatWire.MessageIdLength + Encoding.UTF8.GetBytes(member, input[(Label.Length + ChatWire.MessageIdLength)..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        return new Guid(hash[..16], bigEndian: true);
    }
}
