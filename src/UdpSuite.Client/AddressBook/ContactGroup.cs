namespace UdpSuite.Client.AddressBook;

/// <summary>A named group of contacts; <see cref="Members"/> are display names as written in the file.</summary>
public sealed record ContactGroup(string Name, IReadOnlyList<string> Members);
