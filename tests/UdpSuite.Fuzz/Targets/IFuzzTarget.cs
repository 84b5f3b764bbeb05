namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// One decoder family under fuzz. <see cref="Run"/> feeds one input through the family's network-facing entry points
/// and checks the family's properties; it throws <see cref="PropertyViolationException"/> when a property fails and
/// lets any unexpected exception escape (both are findings). Documented outcomes (false, an error reply, a drop) are
/// not findings. A target may keep state between inputs (a logged-in session, a reassembler) but bounds it.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>Name on the command line and corpus directory name (tests/UdpSuite.Fuzz/corpus/&lt;name&gt;).</summary>
    string Name { get; }

    void Run(ReadOnlySpan<byte> input);

    /// <summary>Inputs that start a fuzz run: valid requests of the family, built with the encoders.</summary>
    IEnumerable<byte[]> Seeds();
}

/// <summary>A property of a decoder failed: a finding, like a crash.</summary>
#pragma warning disable CA1064 // internal exception: only the harness and its tests see it
internal sealed class PropertyViolationException(string message) : Exception(message)
#pragma warning restore CA1064
{
}

internal static class Check
{
    public static void That(bool condition, string property)
    {
        if (!condition)
        {
            throw new PropertyViolationException(property);
        }
    }
}
