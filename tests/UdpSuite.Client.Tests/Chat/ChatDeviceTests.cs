using UdpSuite.Client.Chat;

namespace UdpSuite.Client.Tests.Chat;

public sealed class ChatDeviceTests : IDisposable
{
    private readonly string _dataHome = Directory.CreateTempSubdirectory("udpsuite-device-test-").FullName;

    public void Dispose() => Directory.Delete(_dataHome, recursive: true);

    private string? Environment(string name) => name == "XDG_DATA_HOME" ? _dataHome : null;

    [Fact]
    public void A_program_keeps_one_private_device_id_and_programs_differ()
    {
        ChatDevice first = ChatDevice.ForProgram("listen", environment: Environment);
        ChatDevice again = ChatDevice.ForProgram("listen", environment: Environment);
        ChatDevice chat = ChatDevice.ForProgram("chat", name: "my laptop", environment: Environment);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(0UL, first.Id);
        Assert.NotEqual(first.Id, chat.Id);
        Assert.Equal("my laptop", chat.Name);
        Assert.EndsWith(" (listen)", first.Name, StringComparison.Ordinal);
        string path = Path.Combine(_dataHome, "udpsuite", "client", "device-listen");
        Assert.Equal($"{first.Id:x16}", File.ReadAllText(path).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void An_unreadable_id_file_is_replaced_by_a_new_device()
    {
        Directory.CreateDirectory(Path.Combine(_dataHome, "udpsuite", "client"));
        string path = Path.Combine(_dataHome, "udpsuite", "client", "device-chat");
        File.WriteAllText(path, "not an id");

        ChatDevice device = ChatDevice.ForProgram("chat", environment: Environment);

        Assert.Equal($"{device.Id:x16}", File.ReadAllText(path).Trim());
        Assert.Equal(device.Id, ChatDevice.ForProgram("chat", environment: Environment).Id);
    }

    [Fact]
    public void Names_and_ids_follow_the_protocol_rules()
    {
        Assert.Throws<ArgumentException>(() => ChatDevice.ForProgram("Bad Name", environment: Environment));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChatDevice(0, "x"));
        Assert.Throws<ArgumentException>(() => new ChatDevice(1, " padded"));
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(ChatDevice.DefaultName(new string('p', 80))) <= 64);
        Assert.NotEqual(ChatDevice.Ephemeral("send").Id, ChatDevice.Ephemeral("send").Id);
        Assert.False(Directory.Exists(Path.Combine(_dataHome, "udpsuite")));
    }
}
