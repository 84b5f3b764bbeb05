using System.Text;
using UdpSuite.Client.AddressBook;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Fuzz.Targets;

/// <summary>
/// contacts.json, through the client's real loader (<see cref="LiveAddressBook"/>: Microsoft.Extensions.Configuration.Json
/// then <see cref="AddressBookParser"/>) on a real file that each input overwrites before a reload. Properties: loading
/// never throws; a broken file gives an error that names the file and keeps the last good copy (the same object); a
/// file that reads cleanly yields only valid account names, and the default time format is among the formats.
/// </summary>
internal sealed class ContactsTarget : IFuzzTarget, IDisposable
{
    private readonly string _directory;
    private readonly string _path;
    private readonly LiveAddressBook _book;
    private AddressBookDocument _lastGood;

    public ContactsTarget()
    {
        string root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        RemoveLeftovers(root); // AFL ends its targets with SIGKILL, so earlier runs could not clean up
        _directory = Path.Combine(root, $"udpsuite-fuzz-contacts-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "contacts.json");
        File.WriteAllBytes(_path, Sample);
        _book = LiveAddressBook.Open(_path, watch: false);
        Check.That(_book.Error is null, $"the sample contacts.json reads cleanly: {_book.Error}");
        _lastGood = _book.Current;
    }

    public string Name => "contacts";

    /// <summary>The shipped sample's shape, with CJK names.</summary>
    internal static byte[] Sample { get; } = Encoding.UTF8.GetBytes("""
        {
          "$schema": "./contacts.schema.json",
          "me": { "user": "狗哥alex" },
          "servers": { "chat": "127.0.0.1:9000", "time": "127.0.0.1:9001", "sntp": "127.0.0.1:9123" },
          "contacts": {
            "瞎驴": { "account": "xialv", "note": "同事" },
            "一棵树": { "account": "yikeshu" },
            "武大郎": { "account": "wudalang", "note": "卖炊饼" }
          },
          "groups": { "family": { "members": [ "瞎驴", "一棵树" ] } },
          "time": { "defaultFormat": "%Y-%m-%d %H:%M:%S", "formats": [ "%c", "%F %T %Z" ], "zones": [ "Asia/Shanghai", "UTC" ] }
        }
        """);

    public void Run(ReadOnlySpan<byte> input)
    {
        File.WriteAllBytes(_path, input.ToArray());
        _book.Reload();
        if (_book.Error is not null)
        {
            Check.That(_book.Error.StartsWith(_path, StringComparison.Ordinal), "a contacts.json error names the file");
            Check.That(ReferenceEquals(_book.Current, _lastGood), "a broken contacts.json keeps the last good copy");
            return;
        }

        AddressBookDocument document = _book.Current;
        Check.That(document.MyUser is null || ChatUserName.IsValid(document.MyUser), "me.user is a valid account name");
        foreach (Contact contact in document.Contacts)
        {
            Check.That(ChatUserName.IsValid(contact.Account), "every contact account is a valid name");
        }

        Check.That(document.Time.Formats.Contains(document.Time.DefaultFormat), "the default format is among the formats");
        _lastGood = document;
    }

    public IEnumerable<byte[]> Seeds() =>
    [
        Sample,
        "{}"u8.ToArray(),
        """{"contacts":{"a":{"account":"bad\u0001name"}}}"""u8.ToArray(),
        """{"servers":{"chat":"[::1]:99999"},"time":{"zones":["Asia/Shanghai","../etc"]}}"""u8.ToArray(),
        """{"groups":{"g":{"members":"not-an-array"}},"me":[1,2]}"""u8.ToArray(),
        """{"a":1,"a":2}"""u8.ToArray(),
        "[1,2,3]"u8.ToArray(),
    ];

    private static void RemoveLeftovers(string root)
    {
        foreach (string directory in Directory.EnumerateDirectories(root, "udpsuite-fuzz-contacts-*"))
        {
            string[] parts = Path.GetFileName(directory).Split('-');
            if (parts.Length > 3 && int.TryParse(parts[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                && !Directory.Exists($"/proc/{pid}") && OperatingSystem.IsLinux())
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                    // Another run is cleaning it up.
                }
            }
        }
    }

    public void Dispose()
    {
        _book.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
