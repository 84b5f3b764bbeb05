namespace UdpSuite.Client.AddressBook;

/// <summary>
/// Where the servers are, as <c>HOST[:PORT]</c> text (null when the file does not say), and the chat server's key
/// fingerprint (<c>serverKey</c>, <c>SHA256:...</c>) when the file pins it explicitly.
/// </summary>
public sealed record ServerSettings(string? Chat, string? Time, string? Sntp, string? ServerKey = null);
