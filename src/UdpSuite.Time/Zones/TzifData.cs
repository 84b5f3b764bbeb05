namespace UdpSuite.Time.Zones;

/// <summary>
/// The validated content of a TZif file that time-zone lookups need. Produced only by <see cref="TzifParser"/>,
/// so every invariant below holds for any instance.
/// </summary>
public sealed class TzifData
{
    internal TzifData(int version, long[] transitions, byte[] transitionTypes, TzifLocalTimeType[] types, int leapSecondCount, string? footer)
    {
        Version = version;
        TransitionsArray = transitions;
        TransitionTypesArray = transitionTypes;
        TypesArray = types;
        LeapSecondCount = leapSecondCount;
        Footer = footer;
    }

    /// <summary>The format version: 1 for a version-0 ("\0") file, else the version digit (2, 3, 4, ...).</summary>
    public int Version { get; }

    /// <summary>Transition instants (Unix seconds), strictly ascending.</summary>
    public IReadOnlyList<long> Transitions => TransitionsArray;

    /// <summary>For each transition, the index into <see cref="Types"/> it switches to; always in range.</summary>
    public IReadOnlyList<byte> TransitionTypes => TransitionTypesArray;

    /// <summary>The local time types; never empty.</summary>
    public IReadOnlyList<TzifLocalTimeType> Types => TypesArray;

    /// <summary>Number of leap-second records that were present (and skipped: "right/" zones are not supported).</summary>
    public int LeapSecondCount { get; }

    /// <summary>
    /// The POSIX TZ footer of a version 2+ file, or null when absent or empty (glibc then keeps the last
    /// transition's type for all later instants).
    /// </summary>
    public string? Footer { get; }

    internal long[] TransitionsArray { get; }

    internal byte[] TransitionTypesArray { get; }

    internal TzifLocalTimeType[] TypesArray { get; }
}
