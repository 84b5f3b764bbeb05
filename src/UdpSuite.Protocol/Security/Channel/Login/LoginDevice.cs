using UdpSuite.Protocol.Chat;

namespace UdpSuite.Protocol.Security.Channel.Login;

/// <summary>
/// The optional tail of LOGIN_PROOF (docs/PROTOCOL.md, "Sessions and devices"): which device logs in and whether the
/// session is transient (a one-shot command's: no presence change, no deliveries, disturbs no other session).
/// </summary>
/// <param name="DeviceId">A random non-zero number the client keeps per program; the server keys delivery cursors by it.</param>
/// <param name="Transient">The session only does what it asks for (send, query); it takes nothing meant for the user's devices.</param>
/// <param name="Name">What session lists show, e.g. <c>lab-pc (chat)</c>: the user-name rules (1-64 bytes of UTF-8).</param>
public sealed record LoginDevice(ulong DeviceId, bool Transient, string Name)
{
    /// <summary>Flag bit 0 of the wire form; every other bit must be 0.</summary>
    public const byte TransientFlag = 0x01;

    /// <summary>The device a LOGIN_PROOF without the tail stands for (clients from before sessions): id 0, receiving.</summary>
    public static LoginDevice Unnamed { get; } = new(0, Transient: false, "unnamed device");

    /// <summary>Whether the fields can travel: a non-zero id and a valid name.</summary>
    public bool IsValid => DeviceId != 0 && ChatUserName.IsValid(Name);
}
