using System.Net;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>Limits of <see cref="HandshakeLoadGate"/> (configuration section <c>Chat:Handshake</c>).</summary>
public sealed record HandshakeLoadOptions
{
    /// <summary>
    /// <c>Chat:Handshake:CookieThreshold</c>: from this many pending handshakes (completed Noise, no login yet) the
    /// server is under load and answers INITIATIONs without a valid cookie with COOKIE_REPLY.
    /// </summary>
    public int CookieThreshold { get; init; } = 1_000;

    /// <summary><c>Chat:Handshake:CookieRate</c>: more INITIATIONs than this in one second also means load.</summary>
    public int CookieRatePerSecond { get; init; } = 500;

    /// <summary><c>Chat:Handshake:MaxPendingPerAddress</c>: pending handshakes one source IP address may hold.</summary>
    public int MaxPendingPerAddress { get; init; } = 8;

    /// <summary><c>Chat:Handshake:MaxPending</c>: pending handshakes in total (bounds the table).</summary>
    public int MaxPending { get; init; } = 10_000;

    /// <summary>Throws when a limit is not positive or the threshold exceeds the table.</summary>
    public void Validate()
    {
        if (CookieThreshold < 0 || CookieRatePerSecond < 0 || MaxPendingPerAddress < 1 || MaxPending < 1 || CookieThreshold > MaxPending)
        {
            throw new ArgumentException("Handshake limits: thresholds must be non-negative, caps positive, and the cookie threshold at most MaxPending.");
        }
    }
}

/// <summary>What to do with one INITIATION.</summary>
public enum HandshakeAdmission
{
    /// <summary>Do the DH and keep a pending handshake.</summary>
    Admit,

    /// <summary>Under load and no valid cookie: answer COOKIE_REPLY, keep nothing, do no DH.</summary>
    SendCookie,

    /// <summary>The source address holds its maximum of pending handshakes: drop.</summary>
    DropAddressCap,

    /// <summary>The pending table is full: drop.</summary>
    DropTableFull,
}

/// <summary>Whether the INITIATION carried a cookie and whether it verified.</summary>
public enum CookieCheck
{
    None,
    Valid,
    Invalid,
}

/// <summary>
/// The load decision for handshake openings: under load (pending handshakes at <see cref="HandshakeLoadOptions.CookieThreshold"/>
/// or more, or more than <see cref="HandshakeLoadOptions.CookieRatePerSecond"/> openings in the current or previous
/// one-second window) an opening without a valid cookie gets a cookie reply; pending handshakes are capped per source
/// address and in total. The per-address table holds only addresses with a pending handshake, so it never exceeds
/// <see cref="HandshakeLoadOptions.MaxPending"/> entries. Pure: time is an input. Not thread-safe.
/// </summary>
public sealed class HandshakeLoadGate
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly HandshakeLoadOptions _options;
    private readonly Dictionary<IPAddress, int> _pendingByAddress = [];
    private TimeSpan _windowStart;
    private int _openingsThisWindow;
    private int _openingsPreviousWindow;

    public HandshakeLoadGate(HandshakeLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Pending handshakes in total.</summary>
    public int Pending { get; private set; }

    /// <summary>Addresses that hold at least one pending handshake.</summary>
    public int TrackedAddresses => _pendingByAddress.Count;

    /// <summary>Whether openings now need a cookie.</summary>
    public bool IsUnderLoad(TimeSpan now)
    {
        AdvanceWindow(now);
        return Pending >= _options.CookieThreshold
            || _openingsThisWindow > _options.CookieRatePerSecond
            || _openingsPreviousWindow > _options.CookieRatePerSecond;
    }

    /// <summary>Counts one opening from <paramref name="source"/> and decides what it gets.</summary>
    public HandshakeAdmission Decide(IPAddress source, CookieCheck cookie, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(source);
        bool underLoad = IsUnderLoad(now);
        _openingsThisWindow++;
        if (underLoad && cookie != CookieCheck.Valid)
        {
            return HandshakeAdmission.SendCookie;
        }

        if (_pendingByAddress.TryGetValue(source, out int count) && count >= _options.MaxPendingPerAddress)
        {
            return HandshakeAdmission.DropAddressCap;
        }

        return Pending >= _options.MaxPending ? HandshakeAdmission.DropTableFull : HandshakeAdmission.Admit;
    }

    /// <summary>An admitted opening became a pending handshake.</summary>
    public void PendingStarted(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _pendingByAddress[source] = _pendingByAddress.GetValueOrDefault(source) + 1;
        Pending++;
    }

    /// <summary>A pending handshake logged in, expired or was closed.</summary>
    public void PendingEnded(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!_pendingByAddress.TryGetValue(source, out int count))
        {
            throw new InvalidOperationException($"No pending handshake is counted for {source}.");
        }

        if (count == 1)
        {
            _pendingByAddress.Remove(source);
        }
        else
        {
            _pendingByAddress[source] = count - 1;
        }

        Pending--;
    }

    private void AdvanceWindow(TimeSpan now)
    {
        if (now - _windowStart < Window)
        {
            return;
        }

        _openingsPreviousWindow = now - _windowStart < 2 * Window ? _openingsThisWindow : 0;
        _openingsThisWindow = 0;
        _windowStart = now;
    }
}
