using UdpSuite.Chat.Tests.Support;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Security;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Chat.Tests.Client.Security;

/// <summary>known_servers pins, always in a temporary XDG_CONFIG_HOME (never the real user's file).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KnownServersTests : IDisposable
{
    private readonly TemporaryDirectory _configHome = new();
    private readonly NoiseKeyPair _serverKey = NoiseKeyPair.Generate();
    private readonly NoiseKeyPair _otherKey = NoiseKeyPair.Generate();

    public void Dispose()
    {
        _serverKey.Dispose();
        _otherKey.Dispose();
        _configHome.Dispose();
    }

    [Fact]
    public void The_file_lives_under_XDG_CONFIG_HOME_or_HOME_dot_config()
    {
        Assert.Equal(Path.Combine("/x", "udpsuite", "known_servers"), KnownServersLocator.UserPath(name => name == "XDG_CONFIG_HOME" ? "/x" : "/home/u"));
        Assert.Equal(Path.Combine("/home/u", ".config", "udpsuite", "known_servers"), KnownServersLocator.UserPath(name => name == "HOME" ? "/home/u" : null));
        Assert.Null(KnownServersLocator.UserPath(_ => null));
    }

    [Fact]
    public void First_contact_pins_the_key_in_a_private_file_and_the_next_contact_matches()
    {
        KnownServers pins = Pins();
        PinVerification first = pins.Verify("chat.lan:8081", _serverKey.PublicKey);
        Assert.Equal(PinOutcome.PinnedNew, first.Outcome);
        Assert.True(first.IsTrusted);
        string fingerprint = ServerKeyFingerprint.Of(_serverKey.PublicKey).ToString();
        Assert.Contains(fingerprint, first.Describe());
        Assert.Equal(PrivateFilesMode, File.GetUnixFileMode(pins.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(pins.FilePath)!));
        Assert.Equal($"chat.lan:8081 {fingerprint}\n", File.ReadAllText(pins.FilePath));

        PinVerification second = pins.Verify("chat.lan:8081", _serverKey.PublicKey);
        Assert.Equal(PinOutcome.Match, second.Outcome);
        Assert.Equal(1, Assert.Single(pins.Lookup("chat.lan:8081")).LineNumber);
    }

    [Fact]
    public void A_changed_key_is_refused_with_both_fingerprints_the_file_and_the_line_to_remove()
    {
        KnownServers pins = Pins();
        File.WriteAllText(pins.FilePath, "# my servers\n\nother:1 " + ServerKeyFingerprint.Of(_otherKey.PublicKey) + "\n");
        pins.Verify("chat.lan:8081", _serverKey.PublicKey);

        PinVerification changed = pins.Verify("chat.lan:8081", _otherKey.PublicKey);
        Assert.Equal(PinOutcome.Mismatch, changed.Outcome);
        Assert.False(changed.IsTrusted);
        PinnedServerKey pinned = Assert.Single(changed.Pinned);
        Assert.Equal(4, pinned.LineNumber);
        string text = changed.Describe();
        Assert.Contains(ServerKeyFingerprint.Of(_serverKey.PublicKey).ToString(), text);
        Assert.Contains(ServerKeyFingerprint.Of(_otherKey.PublicKey).ToString(), text);
        Assert.Contains($"remove line 4 from {pins.FilePath}", text);
        Assert.Equal(4, File.ReadAllLines(pins.FilePath).Length);
    }

    [Fact]
    public void Addresses_are_keys_as_given_so_another_spelling_is_another_server()
    {
        KnownServers pins = Pins();
        pins.Verify("127.0.0.1:8081", _serverKey.PublicKey);
        Assert.Equal(PinOutcome.PinnedNew, pins.Verify("localhost:8081", _otherKey.PublicKey).Outcome);
        Assert.Equal(PinOutcome.Mismatch, pins.Verify("127.0.0.1:8081", _otherKey.PublicKey).Outcome);
        Assert.Throws<ArgumentException>(() => pins.Verify("bad address", _serverKey.PublicKey));
        Assert.Throws<ArgumentException>(() => pins.Verify("#comment", _serverKey.PublicKey));
    }

    [Fact]
    public void Malformed_lines_are_reported_with_line_numbers_and_kept_and_one_for_the_address_blocks_first_use()
    {
        KnownServers pins = Pins();
        File.WriteAllText(pins.FilePath, "broken-line\nchat.lan:8081 SHA256:not-a-fingerprint\n");
        var (all, problems) = pins.ReadAll();
        Assert.Empty(all);
        Assert.Equal([1, 2], problems.Select(p => p.LineNumber));

        PinVerification result = pins.Verify("chat.lan:8081", _serverKey.PublicKey);
        Assert.Equal(PinOutcome.MalformedPin, result.Outcome);
        Assert.False(result.IsTrusted);
        Assert.Contains("line 2", result.Describe());

        Assert.Equal(PinOutcome.PinnedNew, pins.Verify("elsewhere:1", _serverKey.PublicKey).Outcome);
        Assert.StartsWith("broken-line\nchat.lan:8081 SHA256:not-a-fingerprint\nelsewhere:1 SHA256:", File.ReadAllText(pins.FilePath));
    }

    [Fact]
    public void An_explicit_pin_replaces_the_addresss_pins_and_is_then_enforced()
    {
        KnownServers pins = Pins();
        pins.Verify("chat.lan:8081", _serverKey.PublicKey);
        pins.Verify("other:1", _serverKey.PublicKey);
        ServerKeyFingerprint newKey = KnownServers.ParseFingerprint(ServerKeyFingerprint.Of(_otherKey.PublicKey).ToString());
        PinnedServerKey pinned = pins.Pin("chat.lan:8081", newKey);
        Assert.Equal(2, pinned.LineNumber);
        Assert.Equal(PinOutcome.Match, pins.Verify("chat.lan:8081", _otherKey.PublicKey).Outcome);
        Assert.Equal(PinOutcome.Mismatch, pins.Verify("chat.lan:8081", _serverKey.PublicKey).Outcome);
        Assert.Equal(PinOutcome.Match, pins.Verify("other:1", _serverKey.PublicKey).Outcome);
        Assert.Equal(PrivateFilesMode, File.GetUnixFileMode(pins.FilePath));
    }

    [Fact]
    public void Several_pins_for_one_address_match_any_of_them()
    {
        KnownServers pins = Pins();
        File.WriteAllText(pins.FilePath, $"chat.lan:8081 {ServerKeyFingerprint.Of(_serverKey.PublicKey)}\nchat.lan:8081 {ServerKeyFingerprint.Of(_otherKey.PublicKey)}\n");
        Assert.Equal(PinOutcome.Match, pins.Verify("chat.lan:8081", _otherKey.PublicKey).Outcome);
        Assert.Equal(2, pins.Lookup("chat.lan:8081").Count);
    }

    [Fact]
    public void A_bad_fingerprint_argument_gets_a_message_naming_the_expected_form()
    {
        FormatException error = Assert.Throws<FormatException>(() => KnownServers.ParseFingerprint("MD5:aa:bb"));
        Assert.Contains("SHA256:", error.Message);
        Assert.Contains("udpsuite server key", error.Message);
    }

    [Fact]
    public void An_unreadable_or_oversized_file_is_a_clear_error()
    {
        KnownServers pins = Pins();
        Directory.CreateDirectory(pins.FilePath);
        KnownServersException unreadable = Assert.Throws<KnownServersException>(() => pins.Lookup("a:1"));
        Assert.Contains(pins.FilePath, unreadable.Message);
        Directory.Delete(pins.FilePath);

        File.WriteAllBytes(pins.FilePath, new byte[KnownServers.MaxFileLength + 1]);
        Assert.Throws<KnownServersException>(() => pins.Verify("a:1", _serverKey.PublicKey));
    }

    private const UnixFileMode PrivateFilesMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private KnownServers Pins()
    {
        string? path = KnownServersLocator.UserPath(name => name == "XDG_CONFIG_HOME" ? _configHome.Path : null);
        Directory.CreateDirectory(Path.GetDirectoryName(path!)!);
        return new KnownServers(path!);
    }
}
