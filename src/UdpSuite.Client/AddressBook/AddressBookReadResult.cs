namespace UdpSuite.Client.AddressBook;

/// <summary>Either a document or an error that names the file and the problem (never both).</summary>
public sealed record AddressBookReadResult(AddressBookDocument? Document, string? Error)
{
    public bool IsSuccess => Document is not null;

    public static AddressBookReadResult Success(AddressBookDocument document) => new(document, null);

    public static AddressBookReadResult Failure(string path, string problem) => new(null, $"{path}: {problem}");
}
