using UdpSuite.Client.AddressBook;

namespace UdpSuite.Client.Tests.AddressBook;

public sealed class LiveAddressBookTests
{
    private const string OneContact = """{ "contacts": { "一棵树": { "account": "一棵树" } } }""";
    private const string TwoContacts = """{ "contacts": { "一棵树": { "account": "一棵树" }, "武大郎": { "account": "武大郎" } } }""";

    [Fact]
    public void Reload_picks_up_a_good_change()
    {
        using var file = new TempContactsFile(OneContact);
        using LiveAddressBook book = LiveAddressBook.Open(file.Path, watch: false);
        int changes = 0;
        book.Changed += (_, _) => changes++;

        file.Write(TwoContacts);
        book.Reload();

        Assert.Null(book.Error);
        Assert.Equal(2, book.Current.Contacts.Count);
        Assert.Equal(1, changes);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{ "contacts": { "x": { "account": "" } } }""")]
    public void Broken_change_keeps_the_last_good_copy_and_a_fix_clears_the_error(string broken)
    {
        using var file = new TempContactsFile(OneContact);
        using LiveAddressBook book = LiveAddressBook.Open(file.Path, watch: false);

        file.Write(broken);
        book.Reload();

        Assert.StartsWith(file.Path, book.Error, StringComparison.Ordinal);
        Assert.Equal("一棵树", Assert.Single(book.Current.Contacts).DisplayName);

        file.Write(TwoContacts);
        book.Reload();

        Assert.Null(book.Error);
        Assert.Equal(2, book.Current.Contacts.Count);
    }

    [Fact]
    public async Task Watching_book_reloads_by_itself_when_the_file_changes()
    {
        using var file = new TempContactsFile(OneContact);
        using LiveAddressBook book = LiveAddressBook.Open(file.Path, watch: true);
        using var changed = new SemaphoreSlim(0);
        book.Changed += (_, _) => changed.Release();

        file.Write(TwoContacts);

        // The file watcher debounces (100 ms); allow generous slack on a loaded machine.
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (book.Current.Contacts.Count != 2 && DateTime.UtcNow < deadline)
        {
            await changed.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(2, book.Current.Contacts.Count);
    }
}
