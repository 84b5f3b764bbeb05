using System.Globalization;
using Microsoft.Extensions.Options;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// Collects the validation failures of one configuration section, each a sentence that starts with the full key
/// (<c>Chat:SessionTimeout must be ...</c>), so an operator can find the line to fix.
/// </summary>
internal sealed class ConfigurationFailures(string section)
{
    /// <summary>Longest duration a timeout or interval may be. Durations are <c>hh:mm:ss</c>, and a bare number reads as days
    /// (<c>2</c> is two days), so the bound also refuses that misreading instead of silently applying it.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(1);

    private readonly List<string> _failures = [];

    public void AtLeast(string name, long value, long minimum)
    {
        if (value < minimum)
        {
            Add(name, $"must be at least {minimum}", value);
        }
    }

    public void Between(string name, long value, long minimum, long maximum)
    {
        if (value < minimum || value > maximum)
        {
            Add(name, $"must be {minimum}..{maximum}", value);
        }
    }

    /// <summary>A timeout or interval: more than zero and less than <see cref="LongestDuration"/>.</summary>
    public void Duration(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value >= LongestDuration)
        {
            Add(name, "must be a duration above 00:00:00 and below one day, written hh:mm:ss", value.ToString("c", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A failure of <paramref name="name"/> (a key within the section): "<c>Section:Name rule (got 'value')</c>".</summary>
    public void Add(string name, string rule, object? value) =>
        _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:{name} {rule} (got '{value}')"));

    public ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
