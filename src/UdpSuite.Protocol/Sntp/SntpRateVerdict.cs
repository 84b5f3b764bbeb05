namespace UdpSuite.Protocol.Sntp;

/// <summary>What the rate limiter decided for the request's source.</summary>
public enum SntpRateVerdict
{
    /// <summary>Within its rate: answer with the time.</summary>
    Allow = 0,

    /// <summary>Over its rate: answer with a Kiss-o'-Death RATE packet.</summary>
    KissOfDeath,

    /// <summary>Over its rate and its KoD budget: send nothing.</summary>
    Silence,
}
