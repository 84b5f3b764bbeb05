using UdpSuite.Client.AddressBook;

namespace UdpSuite.Client.Tests.AddressBook;

public sealed class AddressBookFileTests
{
    [Fact]
    public void The_personal_book_is_created_with_me_and_the_server_and_reads_cleanly_but_is_never_overwritten()
    {
        string directory = Path.Combine(Path.GetTempPath(), "udpsuite-book-" + Guid.NewGuid().ToString("N"), "udpsuite");
        string path = Path.Combine(directory, "contacts.json");
        try
        {
            Assert.True(AddressBookFile.TryCreatePersonal(path, "狗哥alex", "127.0.0.1:8081"));

            using LiveAddressBook book = LiveAddressBook.Open(path, watch: false);
            Assert.Null(book.Error);
            Assert.Equal("狗哥alex", book.Current.MyUser);
            Assert.Equal("127.0.0.1:8081", book.Current.Servers.Chat);
            Assert.Empty(book.Current.Contacts);
            string written = File.ReadAllText(path);
            Assert.False(AddressBookFile.TryCreatePersonal(path, "someone", "elsewhere:1"));
            Assert.Equal(written, File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
        }
    }

    [Fact]
    public void Adding_renaming_and_removing_keep_the_rest_of_the_file()
    {
        using var file = new TempContactsFile("""
            {
              // comments are read (not kept)
              "$schema": "./contacts.schema.json",
              "me": { "user": "狗哥alex" },
              "contacts": { "瞎驴": { "account": "瞎驴", "note": "night shift" } },
              "groups": { "水浒": { "members": [ "瞎驴" ] } },
              "time": { "zones": [ "Asia/Shanghai" ] },
            }
            """);

        AddressBookFile.AddContact(file.Path, "武大郎 🍞", "wudalang", "炊饼");
        AddressBookFile.RenameContact(file.Path, "瞎驴", "小驴");
        AddressBookFile.RemoveContact(file.Path, "武大郎 🍞");

        using LiveAddressBook book = LiveAddressBook.Open(file.Path, watch: false);
        Assert.Null(book.Error);
        Assert.Equal([new Contact("小驴", "瞎驴", "night shift")], book.Current.Contacts);
        Assert.Equal(["小驴"], book.Current.Groups.Single().Members);
        Assert.Equal(["Asia/Shanghai"], book.Current.Time.Zones);
        Assert.Contains("\"$schema\"", File.ReadAllText(file.Path), StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => AddressBookFile.RenameContact(file.Path, "nobody", "x"));
    }
}
