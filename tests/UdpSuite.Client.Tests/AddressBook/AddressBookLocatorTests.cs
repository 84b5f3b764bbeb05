using UdpSuite.Client.AddressBook;

namespace UdpSuite.Client.Tests.AddressBook;

public sealed class AddressBookLocatorTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void Explicit_path_wins_even_when_a_user_copy_exists()
    {
        string? path = AddressBookLocator.Resolve("/tmp/mine.json", Env(("HOME", "/home/a")), _ => true);

        Assert.Equal("/tmp/mine.json", path);
    }

    [Fact]
    public void User_copy_under_xdg_config_home_comes_next()
    {
        string? path = AddressBookLocator.Resolve(null, Env(("XDG_CONFIG_HOME", "/cfg"), ("HOME", "/home/a")), p => p == "/cfg/udpsuite/contacts.json");

        Assert.Equal("/cfg/udpsuite/contacts.json", path);
    }

    [Fact]
    public void User_copy_defaults_to_dot_config_under_home()
    {
        Assert.Equal("/home/a/.config/udpsuite/contacts.json", AddressBookLocator.UserPath(Env(("HOME", "/home/a"))));
    }

    [Fact]
    public void Without_a_per_user_copy_nothing_is_read_not_even_the_shipped_sample()
    {
        string? path = AddressBookLocator.Resolve(null, Env(("HOME", "/home/a")), _ => false);

        Assert.Null(path);
    }
}
