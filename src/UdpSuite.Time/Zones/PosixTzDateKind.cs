namespace UdpSuite.Time.Zones;

/// <summary>The three date forms of a POSIX TZ rule, named after glibc's <c>J0</c>, <c>J1</c> and <c>M</c>.</summary>
public enum PosixTzDateKind
{
    /// <summary><c>n</c>: zero-based day of the year (0..365), counting February 29 in leap years.</summary>
    ZeroBasedDay = 0,

    /// <summary><c>Jn</c>: one-based Julian day (1..365) that never counts February 29.</summary>
    JulianDay = 1,

    /// <summary><c>Mm.w.d</c>: day <c>d</c> (0 = Sunday) of week <c>w</c> of month <c>m</c>; week 5 means the last.</summary>
    MonthWeekDay = 2,
}
