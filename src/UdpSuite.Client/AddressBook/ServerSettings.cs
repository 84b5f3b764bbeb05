namespace UdpSuite.Client.AddressBook;

/// <summary>Where the servers are, as <c>HOST[:PORT]</c> text (null when the file does not say).</summary>
public sealed record ServerSettings(string? Chat, string? Time, string? Sntp);
