namespace UdpSuite.Client.AddressBook;

/// <summary>Saved time-query presets: the format asked first, the format history and the zones offered in the picker.</summary>
public sealed record TimeSettings(string DefaultFormat, IReadOnlyList<string> Formats, IReadOnlyList<string> Zones)
{
    /// <summary>The time protocol's own default, used when the file names none.</summary>
    public const string ProtocolDefaultFormat = "%Y-%m-%d %X";
}
