namespace UdpSuite.Protocol.Lan;

/// <summary>
/// The command field of an IP Messenger packet: a command mode in the low byte and option bits above it
/// (docs/PROTOCOL.md, "LAN chat (IP Messenger)"). Some option bits mean different things for different modes
/// (0x100 is ABSENCEOPT on entries and SENDCHECKOPT on SENDMSG), so the options are plain constants, not one flags enum.
/// </summary>
public static class IpMsgCommand
{
    public const uint NoOperation = 0x00;
    public const uint BrEntry = 0x01;
    public const uint BrExit = 0x02;
    public const uint AnsEntry = 0x03;
    public const uint BrAbsence = 0x04;
    public const uint SendMsg = 0x20;
    public const uint RecvMsg = 0x21;
    public const uint ReadMsg = 0x30;
    public const uint DelMsg = 0x31;
    public const uint AnsReadMsg = 0x32;
    public const uint GetInfo = 0x40;
    public const uint SendInfo = 0x41;
    public const uint GetAbsenceInfo = 0x50;
    public const uint SendAbsenceInfo = 0x51;
    public const uint GetFileData = 0x60;
    public const uint ReleaseFiles = 0x61;

    /// <summary>Entries (BR_ENTRY, ANSENTRY, BR_ABSENCE): the user is away.</summary>
    public const uint AbsenceOpt = 0x0000_0100;

    /// <summary>SENDMSG: the sender wants a RECVMSG carrying the packet number.</summary>
    public const uint SendCheckOpt = 0x0000_0100;

    /// <summary>SENDMSG: a sealed message; the receiver answers READMSG when the user opens it.</summary>
    public const uint SecretOpt = 0x0000_0200;

    /// <summary>SENDMSG: sent to a broadcast address (never answered with RECVMSG).</summary>
    public const uint BroadcastOpt = 0x0000_0400;

    /// <summary>SENDMSG: an automatic answer (absence reply); never answered automatically in turn.</summary>
    public const uint AutoRetOpt = 0x0000_2000;

    /// <summary>A retransmission of a packet already sent.</summary>
    public const uint RetryOpt = 0x0000_4000;

    /// <summary>SENDMSG: the sender wants a READMSG when the user reads it (also without SECRETOPT).</summary>
    public const uint ReadCheckOpt = 0x0010_0000;

    /// <summary>SENDMSG: the message carries file offers after its text (file transfer is not supported here).</summary>
    public const uint FileAttachOpt = 0x0020_0000;

    /// <summary>The packet's text is UTF-8.</summary>
    public const uint Utf8Opt = 0x0080_0000;

    /// <summary>Entries: the sender understands UTF-8 (send it UTF8OPT packets).</summary>
    public const uint CapUtf8Opt = 0x0100_0000;

    /// <summary>The command mode (low byte) of <paramref name="command"/>.</summary>
    public static uint Mode(uint command) => command & 0xFF;

    /// <summary>Whether <paramref name="command"/> carries <paramref name="option"/>.</summary>
    public static bool Has(uint command, uint option) => (command & option) == option;

    /// <summary>BR_ENTRY, ANSENTRY or BR_ABSENCE: packets whose text is the sender's nickname.</summary>
    public static bool IsEntry(uint command) => Mode(command) is BrEntry or AnsEntry or BrAbsence;
}
