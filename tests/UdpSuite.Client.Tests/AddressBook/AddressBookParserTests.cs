using UdpSuite.Client.AddressBook;

namespace UdpSuite.Client.Tests.AddressBook;

public sealed class AddressBookParserTests
{
    private static AddressBookReadResult Read(string json)
    {
        using var file = new TempContactsFile(json);
        using LiveAddressBook book = LiveAddressBook.Open(file.Path, watch: false);
        return book.Error is null ? AddressBookReadResult.Success(book.Current) : new AddressBookReadResult(null, book.Error);
    }

    [Fact]
    public void Shipped_sample_reads_with_every_section()
    {
        AddressBookReadResult result = Read(TempContactsFile.SampleJson);

        Assert.Null(result.Error);
        AddressBookDocument book = result.Document!;
        Assert.Equal("狗哥alex", book.MyUser);
        Assert.Equal("127.0.0.1:8081", book.Servers.Chat);
        Assert.Equal("127.0.0.1:9000", book.Servers.Time);
        Assert.Equal("127.0.0.1:1123", book.Servers.Sntp);
        Assert.Equal(["一棵树", "武大郎", "狗哥alex", "瞎驴"], book.Contacts.Select(c => c.DisplayName).Order(StringComparer.Ordinal));
        Assert.Equal("瞎驴", book.Find("瞎驴")!.Account);
        Assert.Equal("night shift, answers late", book.Find("瞎驴")!.Note);
        ContactGroup group = Assert.Single(book.Groups);
        Assert.Equal("水浒", group.Name);
        Assert.Equal(["狗哥alex", "瞎驴", "一棵树", "武大郎"], group.Members);
        Assert.Equal("%Y-%m-%d %X", book.Time.DefaultFormat);
        Assert.Equal(6, book.Time.Formats.Count);
        Assert.Equal("%c", book.Time.Formats[1]);
        Assert.Contains("Asia/Shanghai", book.Time.Zones);
    }

    [Fact]
    public void Default_format_missing_from_the_list_is_offered_first()
    {
        AddressBookReadResult result = Read("""{ "time": { "defaultFormat": "%T", "formats": [ "%c" ] } }""");

        Assert.Equal(["%T", "%c"], result.Document!.Time.Formats);
    }

    [Fact]
    public void Empty_object_gives_protocol_defaults()
    {
        AddressBookDocument book = Read("{}").Document!;

        Assert.Null(book.MyUser);
        Assert.Empty(book.Contacts);
        Assert.Equal(TimeSettings.ProtocolDefaultFormat, book.Time.DefaultFormat);
    }

    [Theory]
    [InlineData("""{ "contacts": { "x": { "account": "a" } }""", "invalid JSON")]
    [InlineData("""{ "contacts": "oops" }""", "contacts: expected an object")]
    [InlineData("""{ "contacts": { "x": "oops" } }""", "contacts.x: expected an object")]
    [InlineData("""{ "contacts": { "x": { "note": "no account" } } }""", "contacts.x: missing 'account'")]
    [InlineData("""{ "contacts": { "x": { "account": " padded" } } }""", "contacts.x.account: ' padded' is not a valid account name")]
    [InlineData("""{ "contacts": { "x": { "account": "a", "colour": "red" } } }""", "unknown key 'colour'")]
    [InlineData("""{ "me": { "user": "" } }""", "me.user")]
    [InlineData("""{ "servers": { "chat": "host:99999" } }""", "servers.chat: 'host:99999': port must be 1-65535")]
    [InlineData("""{ "groups": { "g": { "members": "everyone" } } }""", "groups.g.members: expected an array")]
    [InlineData("""{ "time": { "zones": [ "Not a zone" ] } }""", "time.zones: 'Not a zone'")]
    [InlineData("""{ "time": { "formats": { "a": "%c" } } }""", "time.formats: expected an array, found an object")]
    [InlineData("""{ "contact": {} }""", "unknown key 'contact'")]
    public void Broken_file_error_names_the_file_and_the_problem(string json, string problem)
    {
        using var file = new TempContactsFile(json);
        using LiveAddressBook book = LiveAddressBook.Open(file.Path, watch: false);

        Assert.NotNull(book.Error);
        Assert.StartsWith(file.Path + ": ", book.Error, StringComparison.Ordinal);
        Assert.Contains(problem, book.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported_as_not_found()
    {
        string path = Path.Combine(Path.GetTempPath(), "udpsuite-none-" + Guid.NewGuid().ToString("N"), "contacts.json");
        using LiveAddressBook book = LiveAddressBook.Open(path, watch: false);

        Assert.Contains("does not exist", book.Error, StringComparison.Ordinal);
        Assert.Empty(book.Current.Contacts);
    }
}
