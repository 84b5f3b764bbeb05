namespace UdpSuite.Time.Strftime;

/// <summary>The C/POSIX locale's LC_TIME data, as UTF-8 bytes ready to copy.</summary>
internal static class CLocale
{
    public static readonly byte[][] AbbreviatedWeekdays = Bytes("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat");

    public static readonly byte[][] Weekdays = Bytes("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday");

    public static readonly byte[][] AbbreviatedMonths = Bytes("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    public static readonly byte[][] Months = Bytes(
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December");

    public static readonly byte[] Am = "AM"u8.ToArray();

    public static readonly byte[] Pm = "PM"u8.ToArray();

    /// <summary>D_T_FMT, used by <c>%c</c> and <c>%Ec</c> (the C locale has no era formats).</summary>
    public const string DateTimeFormat = "%a %b %e %H:%M:%S %Y";

    /// <summary>D_FMT, used by <c>%x</c> and <c>%Ex</c>.</summary>
    public const string DateFormat = "%m/%d/%y";

    /// <summary>T_FMT, used by <c>%X</c> and <c>%EX</c>.</summary>
    public const string TimeFormat = "%H:%M:%S";

    /// <summary>T_FMT_AMPM, used by <c>%r</c>.</summary>
    public const string TwelveHourTimeFormat = "%I:%M:%S %p";

    private static byte[][] Bytes(params string[] names) => [.. names.Select(System.Text.Encoding.ASCII.GetBytes)];
}
