namespace UdpSuite.Client.AddressBook;

/// <summary>One person in the address book: the name shown in the client, the chat account it maps to, and a free note.</summary>
public sealed record Contact(string DisplayName, string Account, string Note);
