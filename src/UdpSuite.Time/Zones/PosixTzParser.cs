namespace UdpSuite.Time.Zones;

/// <summary>
/// Reads a POSIX TZ string with the same leniency as glibc 2.36's <c>__tzset_parse_tz</c>: parsing stops at the
/// first thing it does not understand and whatever was filled in so far stays in effect, because glibc then
/// evaluates exactly that partial state.
/// </summary>
internal sealed class PosixTzParser
{
    private const int DefaultRuleTime = 2 * 60 * 60;

    private readonly string _text;
    private readonly Rule[] _rules = [new Rule(), new Rule()];
    private int _pos;
    private bool _hasDstName;

    private PosixTzParser(string text)
    {
        // glibc sees a C string: an embedded NUL ends it.
        int nul = text.IndexOf('\0', StringComparison.Ordinal);
        _text = nul >= 0 ? text[..nul] : text;
    }

    public static PosixTzRule Parse(string text)
    {
        var parser = new PosixTzParser(text);
        parser.ParseAll();
        return parser.Build();
    }

    private char Current => At(_pos);

    private char At(int index) => index < _text.Length ? _text[index] : '\0';

    private void ParseAll()
    {
        if (!ParseName(0) || !ParseOffset(0))
        {
            return;
        }

        if (Current == '\0')
        {
            // No DST part: the DST rule mirrors standard time, so it can never be in effect.
            _rules[1].Name = _rules[0].Name;
            _rules[1].Offset = _rules[0].Offset;
            return;
        }

        if (ParseName(1))
        {
            _hasDstName = true;
            ParseOffset(1);

            // A DST name without rules makes glibc try the "posixrules" file first; this pure parser cannot read
            // files, so it continues like glibc does when that file is absent: with the US default rules.
        }

        if (ParseRule(0))
        {
            ParseRule(1);
        }
    }

    private PosixTzRule Build() => new(
        _rules[0].Name,
        _rules[1].Name,
        _hasDstName,
        _rules[0].ToChangeRule(),
        _rules[1].ToChangeRule());

    private bool ParseName(int which)
    {
        int start = _pos;
        int p = start;
        while (IsAsciiLetter(At(p)))
        {
            p++;
        }

        int length = p - start;
        if (length < 3)
        {
            p = _pos;
            if (At(p++) != '<')
            {
                return false;
            }

            start = p;
            while (IsAsciiLetter(At(p)) || char.IsAsciiDigit(At(p)) || At(p) == '+' || At(p) == '-')
            {
                p++;
            }

            length = p - start;
            if (At(p++) != '>' || length < 3)
            {
                return false;
            }
        }

        _rules[which].Name = _text.Substring(start, length);
        _pos = p;
        return true;
    }

    private bool ParseOffset(int which)
    {
        int p = _pos;
        char c = At(p);
        if (which == 0 && (c == '\0' || (c != '+' && c != '-' && !char.IsAsciiDigit(c))))
        {
            return false;
        }

        // POSIX offsets are west-positive; glibc stores them east-positive, so an unsigned offset is negated.
        long sign = -1;
        if (c is '-' or '+')
        {
            sign = c == '-' ? 1 : -1;
            p++;
        }

        _pos = p;
        var scan = ScanTime(p);
        if (scan.Assigned > 0)
        {
            long seconds = Math.Min((int)scan.Seconds, 59) + (Math.Min((int)scan.Minutes, 59) * 60) + (Math.Min((int)scan.Hours, 24) * 3600);
            _rules[which].Offset = sign * seconds;
        }
        else if (which == 0)
        {
            _rules[0].Offset = 0;
            return false;
        }
        else
        {
            // DST defaults to one hour ahead of standard time.
            _rules[1].Offset = _rules[0].Offset + 3600;
        }

        _pos = p + scan.Consumed;
        return true;
    }

    private bool ParseRule(int which)
    {
        var rule = _rules[which];
        int p = _pos;

        // glibc tolerates the comma being absent (early POSIX.1 printings).
        if (At(p) == ',')
        {
            p++;
        }

        char c = At(p);
        if (c == 'J' || char.IsAsciiDigit(c))
        {
            rule.Kind = c == 'J' ? PosixTzDateKind.JulianDay : PosixTzDateKind.ZeroBasedDay;
            if (rule.Kind == PosixTzDateKind.JulianDay && !char.IsAsciiDigit(At(++p)))
            {
                return false;
            }

            int digitsStart = p;
            ulong day = 0;
            while (char.IsAsciiDigit(At(p)))
            {
                day = day > 1000 ? day : (day * 10) + (ulong)(At(p) - '0');
                p++;
            }

            if (p == digitsStart || day > 365)
            {
                return false;
            }

            if (rule.Kind == PosixTzDateKind.JulianDay && day == 0)
            {
                return false;
            }

            rule.Day = (int)day;
        }
        else if (c == 'M')
        {
            rule.Kind = PosixTzDateKind.MonthWeekDay;
            if (!ParseMonthWeekDay(rule, ref p))
            {
                return false;
            }
        }
        else if (c == '\0')
        {
            // The US rules of the Energy Policy Act of 2005, glibc's built-in default.
            rule.Kind = PosixTzDateKind.MonthWeekDay;
            (rule.Month, rule.Week, rule.Day) = which == 0 ? (3, 2, 0) : (11, 1, 0);
        }
        else
        {
            return false;
        }

        c = At(p);
        if (c != '\0' && c != '/' && c != ',')
        {
            return false;
        }

        if (c == '/')
        {
            p++;
            if (At(p) == '\0')
            {
                return false;
            }

            bool negative = At(p) == '-';
            if (negative)
            {
                p++;
            }

            // Unlike offsets, rule times are not clamped: "extended" hours such as /167 are kept.
            var scan = ScanTime(p);
            int hours = scan.Assigned >= 1 ? scan.Hours : 2;
            int seconds = (hours * 3600) + (scan.Minutes * 60) + scan.Seconds;
            rule.TimeSeconds = negative ? -seconds : seconds;
            p += scan.Consumed;
        }
        else
        {
            rule.TimeSeconds = DefaultRuleTime;
        }

        _pos = p;
        return true;
    }

    private bool ParseMonthWeekDay(Rule rule, ref int p)
    {
        // Mirrors sscanf("M%hu.%hu.%hu%n"): each field is stored as soon as it is read, so a failure later on
        // leaves the earlier fields set.
        int q = p + 1;
        if (!ScanUnsignedShort(ref q, out ushort month))
        {
            return false;
        }

        rule.Month = month;
        if (At(q) != '.')
        {
            return false;
        }

        q++;
        if (!ScanUnsignedShort(ref q, out ushort week))
        {
            return false;
        }

        rule.Week = week;
        if (At(q) != '.')
        {
            return false;
        }

        q++;
        if (!ScanUnsignedShort(ref q, out ushort day))
        {
            return false;
        }

        rule.Day = day;
        if (month is < 1 or > 12 || week is < 1 or > 5 || day > 6)
        {
            return false;
        }

        p = q;
        return true;
    }

    /// <summary>Mirrors <c>sscanf(s, "%hu%n:%hu%n:%hu%n", ...)</c>: how many fields were assigned and the length consumed.</summary>
    private TimeScan ScanTime(int start)
    {
        int q = start;
        if (!ScanUnsignedShort(ref q, out ushort hours))
        {
            return default;
        }

        var result = new TimeScan(1, q - start, hours, 0, 0);
        if (At(q) != ':')
        {
            return result;
        }

        q++;
        if (!ScanUnsignedShort(ref q, out ushort minutes))
        {
            return result;
        }

        result = result with { Assigned = 2, Consumed = q - start, Minutes = minutes };
        if (At(q) != ':')
        {
            return result;
        }

        q++;
        if (!ScanUnsignedShort(ref q, out ushort seconds))
        {
            return result;
        }

        return result with { Assigned = 3, Consumed = q - start, Seconds = seconds };
    }

    /// <summary>
    /// Mirrors scanf's <c>%hu</c>: optional white space, an optional sign, decimal digits, converted like
    /// <c>strtoul</c> (saturating, a minus sign negates modulo 2^64) and truncated to 16 bits.
    /// </summary>
    private bool ScanUnsignedShort(ref int q, out ushort value)
    {
        value = 0;
        int p = q;
        while (At(p) is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            p++;
        }

        bool negative = false;
        if (At(p) is '+' or '-')
        {
            negative = At(p) == '-';
            p++;
        }

        if (!char.IsAsciiDigit(At(p)))
        {
            return false;
        }

        ulong accumulated = 0;
        bool overflow = false;
        while (char.IsAsciiDigit(At(p)))
        {
            ulong digit = (ulong)(At(p) - '0');
            if (accumulated > (ulong.MaxValue - digit) / 10)
            {
                overflow = true;
            }
            else
            {
                accumulated = (accumulated * 10) + digit;
            }

            p++;
        }

        ulong converted = overflow ? ulong.MaxValue : (negative ? unchecked(0UL - accumulated) : accumulated);
        value = unchecked((ushort)converted);
        q = p;
        return true;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private readonly record struct TimeScan(int Assigned, int Consumed, ushort Hours, ushort Minutes, ushort Seconds);

    /// <summary>The mutable equivalent of glibc's zero-initialised <c>tz_rule</c>.</summary>
    private sealed class Rule
    {
        public string Name { get; set; } = string.Empty;

        public PosixTzDateKind Kind { get; set; } = PosixTzDateKind.ZeroBasedDay;

        public int Month { get; set; }

        public int Week { get; set; }

        public int Day { get; set; }

        public int TimeSeconds { get; set; }

        public long Offset { get; set; }

        public PosixTzChangeRule ToChangeRule() => new(Kind, Month, Week, Day, TimeSeconds, Offset);
    }
}
