using System.Net;
using System.Security.Cryptography;
using UdpSuite.Protocol.Amplification;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>What an authenticated datagram's source address means for the session's path.</summary>
public enum PathObservation
{
    /// <summary>It came from the validated path.</summary>
    Validated,

    /// <summary>It came from the address already being challenged (its bytes raise that address's budget).</summary>
    Candidate,

    /// <summary>It came from a new address: a fresh challenge is due there.</summary>
    NewCandidate,
}

/// <summary>
/// Path validation for one session (RFC 9000 §8.2-9): the session moves to a new address only when a sealed
/// PATH_RESPONSE echoing the random PATH_CHALLENGE data arrives from that address. Until then replies keep going to
/// the validated path, and the candidate address receives at most 3x the bytes received from it (each datagram counted
/// with its 28 bytes of IPv4 + UDP header, as <see cref="AmplificationLimit"/>); challenges are sent at most
/// <see cref="MaxChallenges"/> times, <see cref="ChallengeInterval"/> apart. One candidate at a time: a newer
/// address replaces it. Pure: time is an input. Not thread-safe.
/// </summary>
public sealed class PathValidator
{
    /// <summary>Bytes of random challenge data.</summary>
    public const int ChallengeLength = 8;

    /// <summary>Challenges sent to one candidate (the first and two retransmissions).</summary>
    public const int MaxChallenges = 3;

    /// <summary>The most bytes sent to an unvalidated address per byte received from it.</summary>
    public const int AmplificationFactor = 3;

    /// <summary>Time between challenges to the same candidate.</summary>
    public static readonly TimeSpan ChallengeInterval = TimeSpan.FromSeconds(1);

    private readonly byte[] _challenge = new byte[ChallengeLength];
    private long _receivedFromCandidate;
    private long _sentToCandidate;
    private int _challengesSent;
    private TimeSpan _lastChallengeAt;

    public PathValidator(IPEndPoint validated)
    {
        ArgumentNullException.ThrowIfNull(validated);
        ValidatedPath = validated;
    }

    /// <summary>Where everything the session sends goes.</summary>
    public IPEndPoint ValidatedPath { get; private set; }

    /// <summary>The address being challenged, if any.</summary>
    public IPEndPoint? Candidate { get; private set; }

    /// <summary>True while a candidate exists and not all of its <see cref="MaxChallenges"/> challenges have gone out.</summary>
    public bool ChallengePending => Candidate is not null && _challengesSent < MaxChallenges;

    /// <summary>Records an authenticated datagram of <paramref name="length"/> bytes from <paramref name="source"/>.</summary>
    public PathObservation Observe(IPEndPoint source, int length)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Equals(ValidatedPath))
        {
            return PathObservation.Validated;
        }

        if (source.Equals(Candidate))
        {
            _receivedFromCandidate += length + AmplificationLimit.HeaderBytes;
            return PathObservation.Candidate;
        }

        Candidate = source;
        RandomNumberGenerator.Fill(_challenge);
        _receivedFromCandidate = length + AmplificationLimit.HeaderBytes;
        _sentToCandidate = 0;
        _challengesSent = 0;
        return PathObservation.NewCandidate;
    }

    /// <summary>
    /// Whether a PATH_CHALLENGE of <paramref name="datagramLength"/> bytes may go to <see cref="Candidate"/> now: fewer
    /// than <see cref="MaxChallenges"/> sent, the interval elapsed, and the 3x budget allows it. When true the bytes are
    /// counted and <paramref name="challenge"/> (8 bytes) receives the data to seal.
    /// </summary>
    public bool TryStartChallenge(TimeSpan now, int datagramLength, Span<byte> challenge)
    {
        if (Candidate is null || _challengesSent >= MaxChallenges || (_challengesSent > 0 && now - _lastChallengeAt < ChallengeInterval))
        {
            return false;
        }

        if (!TryCharge(Candidate, datagramLength))
        {
            return false;
        }

        _challengesSent++;
        _lastChallengeAt = now;
        _challenge.CopyTo(challenge);
        return true;
    }

    /// <summary>
    /// Anti-amplification for any datagram to <paramref name="destination"/>: always true for the validated path; for
    /// the candidate true (and counted) only within 3x of what it sent; false for any other address.
    /// </summary>
    public bool TryCharge(IPEndPoint destination, int datagramLength)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Equals(ValidatedPath))
        {
            return true;
        }

        long cost = datagramLength + AmplificationLimit.HeaderBytes;
        if (!destination.Equals(Candidate) || _sentToCandidate + cost > AmplificationFactor * _receivedFromCandidate)
        {
            return false;
        }

        _sentToCandidate += cost;
        return true;
    }

    /// <summary>
    /// A PATH_RESPONSE arrived (authenticated) from <paramref name="source"/>: the session moves there when it is the
    /// candidate and <paramref name="response"/> equals the challenge sent (constant-time). True when the path changed.
    /// </summary>
    public bool TryValidate(IPEndPoint source, ReadOnlySpan<byte> response)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Candidate is null || _challengesSent == 0 || !source.Equals(Candidate) || response.Length != ChallengeLength
            || !CryptographicOperations.FixedTimeEquals(response, _challenge))
        {
            return false;
        }

        ValidatedPath = Candidate;
        Candidate = null;
        CryptographicOperations.ZeroMemory(_challenge);
        return true;
    }
}
