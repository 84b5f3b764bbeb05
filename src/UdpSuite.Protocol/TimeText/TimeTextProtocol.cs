namespace UdpSuite.Protocol.TimeText;

/// <summary>Constants of the time-text protocol (docs: README, "The time protocol").</summary>
public static class TimeTextProtocol
{
    /// <summary>What an empty request means, as in the classic Python time server.</summary>
    public const string DefaultFormat = "%Y-%m-%d %X";

    /// <summary>Longest format accepted, in UTF-8 bytes (options block excluded).</summary>
    public const int MaxFormatBytes = 1024;

    /// <summary>Longest options block accepted, in UTF-8 bytes including <c>%{</c> and <c>}</c>.</summary>
    public const int MaxOptionsBytes = 256;

    /// <summary>
    /// Every error reply starts with these bytes, and no time reply does (a format whose result would
    /// start with them is refused), so a script can always tell an error from a time.
    /// </summary>
    public static ReadOnlySpan<byte> ErrorPrefix => "ERR "u8;

    /// <summary>Opens the options block that may precede the format: <c>%{tz=Asia/Shanghai}%H:%M</c>.</summary>
    public static ReadOnlySpan<byte> OptionsOpen => "%{"u8;
}
