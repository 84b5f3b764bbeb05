namespace UdpSuite.Time.Zones;

/// <summary>
/// Outcome of <see cref="TzifParser.Parse"/>: exactly one of <see cref="Value"/> and <see cref="Error"/> is non-null.
/// </summary>
public sealed class TzifParseResult
{
    private TzifParseResult(TzifData? value, string? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The parsed data, or null when parsing failed.</summary>
    public TzifData? Value { get; }

    /// <summary>A human-readable reason for the failure, or null on success.</summary>
    public string? Error { get; }

    /// <summary>True when <see cref="Value"/> is set.</summary>
    public bool IsSuccess => Value is not null;

    internal static TzifParseResult Success(TzifData value) => new(value, null);

    internal static TzifParseResult Failure(string error) => new(null, error);
}
