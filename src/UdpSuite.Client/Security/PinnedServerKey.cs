using UdpSuite.Protocol.Security;

namespace UdpSuite.Client.Security;

/// <summary>One pin: a line <c>ADDRESS SHA256:...</c> of known_servers, with its 1-based line number.</summary>
public sealed record PinnedServerKey(string Address, ServerKeyFingerprint Fingerprint, int LineNumber);

/// <summary>A line of known_servers that is not a pin, comment or blank line; reported, never fatal.</summary>
public sealed record KnownServersProblem(int LineNumber, string Reason, string? Address);
