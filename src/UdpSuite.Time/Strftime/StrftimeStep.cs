namespace UdpSuite.Time.Strftime;

/// <summary>What a compiled step does.</summary>
internal enum StepKind : byte
{
    /// <summary>Copy <see cref="StrftimeStep.Text"/> (plain format text) as is.</summary>
    Literal,

    /// <summary>A conversion glibc knows, e.g. <c>%_5d</c>.</summary>
    Conversion,

    /// <summary>
    /// A conversion glibc does not know (or a modifier it rejects, or a trailing lone <c>%</c>):
    /// glibc copies the spec itself, padded to the width and upper-cased under <c>^</c>.
    /// </summary>
    Verbatim,
}

/// <summary>One step of a compiled format: either text or one conversion with glibc's flags, width and modifier.</summary>
internal readonly record struct StrftimeStep
{
    public StepKind Kind { get; init; }

    /// <summary>The conversion character (<c>d</c>, <c>Y</c>, ...) for <see cref="StepKind.Conversion"/>.</summary>
    public char Conversion { get; init; }

    /// <summary>glibc's <c>pad</c>: 0 (none), <c>'_'</c>, <c>'-'</c> or <c>'0'</c>.</summary>
    public char Pad { get; init; }

    /// <summary>The <c>^</c> flag.</summary>
    public bool Upper { get; init; }

    /// <summary>The <c>#</c> flag (swap case: upper for names, lower for <c>%p</c> and <c>%Z</c>).</summary>
    public bool ChangeCase { get; init; }

    /// <summary>Field width, or -1 when none was given.</summary>
    public int Width { get; init; }

    /// <summary>UTF-8 bytes for <see cref="StepKind.Literal"/> and <see cref="StepKind.Verbatim"/>.</summary>
    public byte[] Text { get; init; }

    /// <summary>Length of <see cref="Text"/> in code points: glibc's wide-character width counts characters, not bytes.</summary>
    public int TextCharacters { get; init; }
}
