namespace UdpSuite.Time.Strftime;

/// <summary>
/// Output cursor over a caller's buffer with glibc's <c>add</c>/<c>cpy</c> semantics (width padding first,
/// then the text, optionally case-mapped). Past the end of the buffer it keeps counting without writing,
/// so the caller learns the size the result would have had, and never gets a silently cut result.
/// </summary>
internal ref struct StrftimeWriter
{
    private readonly Span<byte> _destination;

    public StrftimeWriter(Span<byte> destination)
    {
        _destination = destination;
        Length = 0;
    }

    /// <summary>Bytes the result has so far (may exceed the buffer).</summary>
    public long Length { get; private set; }

    public readonly bool Overflowed => Length > _destination.Length;

    /// <summary>Appends <paramref name="count"/> copies of <paramref name="value"/>.</summary>
    public void Fill(byte value, long count)
    {
        if (count <= 0)
        {
            return;
        }

        long end = Length + count;
        if (end <= _destination.Length)
        {
            _destination.Slice((int)Length, (int)count).Fill(value);
        }
        else if (Length < _destination.Length)
        {
            _destination[(int)Length..].Fill(value);
        }

        Length = end;
    }

    /// <summary>Appends text as is.</summary>
    public void Write(scoped ReadOnlySpan<byte> text) => Write(text, CaseMapping.None);

    /// <summary>Appends text, ASCII-case-mapped (every mapped string here is ASCII: names, zone abbreviations, digits).</summary>
    public void Write(scoped ReadOnlySpan<byte> text, CaseMapping mapping)
    {
        long end = Length + text.Length;
        if (end <= _destination.Length)
        {
            Span<byte> target = _destination.Slice((int)Length, text.Length);
            text.CopyTo(target);
            if (mapping != CaseMapping.None)
            {
                MapCase(target, mapping);
            }
        }

        Length = end;
    }

    /// <summary>
    /// glibc's <c>add(n, ...)</c>: pads to <paramref name="width"/> characters (zeros when the pad flag is
    /// <c>0</c>, otherwise spaces), then writes the text whose length is <paramref name="characters"/>.
    /// </summary>
    public void Add(scoped ReadOnlySpan<byte> text, int characters, int width, char pad, CaseMapping mapping = CaseMapping.None)
    {
        long delta = (long)width - characters;
        if (delta > 0)
        {
            Fill(pad == '0' ? (byte)'0' : (byte)' ', delta);
        }

        Write(text, mapping);
    }

    /// <summary>Upper-cases the bytes written since <paramref name="start"/> (glibc does this after a sub-format under <c>^</c>).</summary>
    public readonly void UpperSince(long start)
    {
        if (start < _destination.Length)
        {
            long end = Math.Min(Length, _destination.Length);
            MapCase(_destination[(int)start..(int)end], CaseMapping.Upper);
        }
    }

    private static void MapCase(Span<byte> text, CaseMapping mapping)
    {
        for (int k = 0; k < text.Length; k++)
        {
            byte b = text[k];
            if (mapping == CaseMapping.Upper && b is >= (byte)'a' and <= (byte)'z')
            {
                text[k] = (byte)(b - 32);
            }
            else if (mapping == CaseMapping.Lower && b is >= (byte)'A' and <= (byte)'Z')
            {
                text[k] = (byte)(b + 32);
            }
        }
    }
}

/// <summary>glibc's <c>to_uppcase</c>/<c>to_lowcase</c> for one conversion.</summary>
internal enum CaseMapping : byte
{
    None,
    Upper,
    Lower,
}
