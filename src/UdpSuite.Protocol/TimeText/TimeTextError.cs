namespace UdpSuite.Protocol.TimeText;

/// <summary>Why a time-text request got an error reply. Each has a fixed code word after <c>ERR </c>.</summary>
public enum TimeTextError
{
    None,

    /// <summary><c>ERR utf8</c>: the request is not valid UTF-8.</summary>
    InvalidUtf8,

    /// <summary><c>ERR nul</c>: the format contains a NUL byte (C's strftime would silently stop there).</summary>
    NulByte,

    /// <summary><c>ERR too-long</c>: the format or the options block is over its limit.</summary>
    TooLong,

    /// <summary><c>ERR option</c>: the options block is malformed or names an unknown option.</summary>
    BadOption,

    /// <summary><c>ERR zone</c>: the requested time zone is not in the server's tz database.</summary>
    UnknownZone,

    /// <summary><c>ERR too-big</c>: the result would be larger than the amplification limit allows.</summary>
    ResultTooBig,

    /// <summary><c>ERR ambiguous</c>: the result would itself begin with <c>ERR </c>.</summary>
    AmbiguousResult,
}
