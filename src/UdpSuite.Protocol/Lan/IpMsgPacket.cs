namespace UdpSuite.Protocol.Lan;

/// <summary>
/// One IP Messenger packet, <c>version:packetNo:user:host:command:text\0part\0part...</c>. <see cref="Text"/> is what
/// comes before the first NUL (a message's text, an entry's nickname, the packet number a RECVMSG or READMSG
/// acknowledges); <see cref="Parts"/> what follows, split at NULs with trailing empty parts removed (an entry's group
/// and, from iptux, its icon and encoding; a message's file offers).
/// </summary>
public sealed record IpMsgPacket(string Version, ulong PacketNumber, string User, string Host, uint Command, string Text, IReadOnlyList<string> Parts)
{
    /// <summary>The command mode (<see cref="IpMsgCommand.Mode"/>).</summary>
    public uint Mode => IpMsgCommand.Mode(Command);

    /// <summary>Whether the text was read as UTF-8 (UTF8OPT, a peer known to use UTF-8, or an iptux "utf-8" entry).</summary>
    public bool Utf8 { get; init; }

    /// <summary>How many U+FFFD replacement characters decoding introduced (bytes that were not valid in the encoding).</summary>
    public int ReplacedCharacters { get; init; }

    /// <summary>Whether the command carries <paramref name="option"/>.</summary>
    public bool Has(uint option) => IpMsgCommand.Has(Command, option);

    /// <summary>An entry's group (first part), or empty.</summary>
    public string Group => Parts.Count > 0 ? Parts[0] : string.Empty;

    /// <summary>Whether an entry ends with iptux's encoding part naming UTF-8, or announces CAPUTF8OPT/UTF8OPT.</summary>
    public bool AnnouncesUtf8 =>
        Has(IpMsgCommand.CapUtf8Opt) || Has(IpMsgCommand.Utf8Opt)
        || (IpMsgCommand.IsEntry(Command) && Parts.Count >= 3 && IpMsgCodec.IsUtf8Name(Parts[2]));

    /// <summary>For RECVMSG and READMSG: the acknowledged packet number in the text, if it is one.</summary>
    public bool TryReadAcknowledged(out ulong packetNumber) =>
        ulong.TryParse(Text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out packetNumber);
}
