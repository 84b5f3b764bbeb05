using UdpSuite.Protocol.Security;

namespace UdpSuite.Client.Security;

/// <summary>The result of checking a presented server key against known_servers.</summary>
public enum PinOutcome
{
    /// <summary>The key matches a pin for this address: go on.</summary>
    Match,

    /// <summary>There was no pin: the key has now been pinned. Tell the user, with the fingerprint.</summary>
    PinnedNew,

    /// <summary>The address has pins and the key matches none: refuse before sending any name or credential.</summary>
    Mismatch,

    /// <summary>A line for this address is malformed: refuse (re-pinning silently could accept an attacker's key).</summary>
    MalformedPin,

    /// <summary>
    /// The key differs from the fingerprint given explicitly (<c>--server-key</c>, <c>Chat:ServerKey</c>, the
    /// contacts.json <c>serverKey</c>): refuse before sending any name or credential. known_servers was not consulted.
    /// </summary>
    ExplicitMismatch,
}

/// <summary>What <see cref="KnownServers.Verify"/> found, with everything the user needs to act on it.</summary>
public sealed record PinVerification(
    PinOutcome Outcome,
    string Address,
    ServerKeyFingerprint Presented,
    IReadOnlyList<PinnedServerKey> Pinned,
    KnownServersProblem? Problem,
    string FilePath)
{
    /// <summary>Whether the caller may continue with the handshake.</summary>
    public bool IsTrusted => Outcome is PinOutcome.Match or PinOutcome.PinnedNew;

    /// <summary>The text every front end shows for this outcome (one or more lines, no trailing newline).</summary>
    public string Describe() => Outcome switch
    {
        PinOutcome.Match => $"The key of {Address} matches the pin ({Presented}).",
        PinOutcome.PinnedNew => $"First contact with {Address}: pinned its key {Presented} in {FilePath}.",
        PinOutcome.Mismatch => string.Join('\n',
        [
            $"THE KEY OF SERVER {Address} HAS CHANGED: refused, nothing was sent.",
            .. Pinned.Select(p => $"  pinned:    {p.Fingerprint} ({FilePath} line {p.LineNumber})"),
            $"  presented: {Presented}",
            "Someone may be impersonating the server, or its key was replaced. If you know the new key is genuine,",
            $"remove line {string.Join(", ", Pinned.Select(p => p.LineNumber))} from {FilePath} (or pin it with --server-key).",
        ]),
        PinOutcome.ExplicitMismatch => string.Join('\n',
        [
            $"THE KEY OF SERVER {Address} DOES NOT MATCH THE FINGERPRINT YOU GAVE: refused, nothing was sent.",
            .. Pinned.Select(p => $"  expected:  {p.Fingerprint} (--server-key, Chat:ServerKey or the contacts.json serverKey)"),
            $"  presented: {Presented}",
            "Someone may be impersonating the server, or its key was replaced. Check the fingerprint with the server's operator",
            "('udpsuite server key' on the server prints it).",
        ]),
        PinOutcome.MalformedPin => $"Cannot check the key of {Address}: {FilePath} line {Problem!.LineNumber} is malformed ({Problem.Reason}). Fix or remove that line; presented key: {Presented}.",
        _ => throw new InvalidOperationException($"Unknown outcome {Outcome}."),
    };
}
