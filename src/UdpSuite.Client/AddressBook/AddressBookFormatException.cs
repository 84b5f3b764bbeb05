namespace UdpSuite.Client.AddressBook;

/// <summary>Internal signal of <see cref="AddressBookParser"/>: the message says which key is wrong and how.</summary>
internal sealed class AddressBookFormatException : Exception
{
    public AddressBookFormatException()
    {
    }

    public AddressBookFormatException(string message)
        : base(message)
    {
    }

    public AddressBookFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
