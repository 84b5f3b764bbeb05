namespace UdpSuite.Client.Diagnostics;

/// <summary>How a doctor check came out.</summary>
public enum DoctorStatus
{
    /// <summary>Works.</summary>
    Ok,

    /// <summary>Works, or could not be checked, but deserves a look.</summary>
    Warn,

    /// <summary>Broken: the command exits non-zero.</summary>
    Fail,
}

/// <summary>One line of <c>udpsuite doctor</c>: what was checked, what was found, and what to do about it.</summary>
public sealed record DoctorFinding(DoctorStatus Status, string Check, string Detail, string? Hint = null)
{
    /// <summary><c>OK   check: detail</c>, and the hint on the next line (indented) when there is one.</summary>
    public override string ToString()
    {
        string status = Status switch { DoctorStatus.Ok => "OK  ", DoctorStatus.Warn => "WARN", _ => "FAIL" };
        return Hint is null ? $"{status} {Check}: {Detail}" : $"{status} {Check}: {Detail}\n     hint: {Hint}";
    }
}
