using System.Text;

namespace UdpSuite.Time.Strftime;

/// <summary>
/// A strftime format compiled once into steps. Formatting is byte-for-byte glibc 2.36 <c>strftime</c>
/// in the C locale (as Python's <c>time.strftime</c> prints it, UTF-8 encoded), plus one extension:
/// a bare <c>%f</c> prints microseconds as six digits, like Python's <c>datetime.strftime</c>.
/// Instances are immutable and thread-safe.
/// </summary>
public sealed class StrftimeFormat
{
    private readonly StrftimeStep[] _steps;

    private StrftimeFormat(string pattern, StrftimeStep[] steps)
    {
        Pattern = pattern;
        _steps = steps;
    }

    /// <summary>The format as given.</summary>
    public string Pattern { get; }

    /// <summary>Compiles a format. Every string is a valid format (glibc copies what it does not know).</summary>
    public static StrftimeFormat Compile(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new StrftimeFormat(pattern, StrftimeParser.Parse(pattern));
    }

    /// <summary>
    /// Formats into <paramref name="destination"/> without allocating. When the result does not fit,
    /// nothing usable is written and <see cref="FormatResult.RequiredLength"/> says how long it would be.
    /// </summary>
    public FormatResult Format(in BrokenDownTime time, Span<byte> destination)
    {
        var writer = new StrftimeWriter(destination);
        StrftimeRenderer.Render(_steps, in time, ref writer);
        return writer.Overflowed
            ? new FormatResult(false, 0, writer.Length)
            : new FormatResult(true, (int)writer.Length, writer.Length);
    }

    /// <summary>Formats to a string; <paramref name="maximumBytes"/> bounds the result (hostile widths such as <c>%2000000000Y</c>).</summary>
    public string Format(in BrokenDownTime time, int maximumBytes = 1 << 20)
    {
        byte[] buffer = new byte[Math.Min(maximumBytes, 4096)];
        FormatResult result = Format(in time, buffer);
        if (!result.Success)
        {
            if (result.RequiredLength > maximumBytes)
            {
                throw new InvalidOperationException(
                    $"The formatted time would be {result.RequiredLength} bytes, over the limit of {maximumBytes}.");
            }

            buffer = new byte[result.RequiredLength];
            result = Format(in time, buffer);
        }

        return Encoding.UTF8.GetString(buffer, 0, result.BytesWritten);
    }

    public override string ToString() => Pattern;
}

/// <summary>Outcome of formatting into a caller's buffer.</summary>
/// <param name="Success">The whole result fits and was written.</param>
/// <param name="BytesWritten">Bytes written when <paramref name="Success"/>.</param>
/// <param name="RequiredLength">Bytes the whole result has (also when it did not fit).</param>
public readonly record struct FormatResult(bool Success, int BytesWritten, long RequiredLength);
