using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Client.Security;

/// <summary>
/// The decision point of every handshake: is the key the server just proved the one this client expects? With an
/// explicit fingerprint only that fingerprint counts (known_servers is not consulted); otherwise known_servers decides,
/// pinning the key on first contact.
/// </summary>
internal sealed class ServerKeyCheck
{
    private readonly string _address;
    private readonly ServerKeyFingerprint? _explicit;
    private readonly string? _knownServersPath;

    public ServerKeyCheck(string address, string? explicitFingerprint, string? knownServersPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        _address = address.Trim();
        if (explicitFingerprint is not null)
        {
            try
            {
                _explicit = KnownServers.ParseFingerprint(explicitFingerprint);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, nameof(explicitFingerprint), ex);
            }
        }

        _knownServersPath = knownServersPath;
    }

    /// <summary>
    /// Checks <paramref name="presentedKey"/>. Trusted outcomes are <see cref="PinOutcome.Match"/> and
    /// <see cref="PinOutcome.PinnedNew"/>; throws <see cref="ChatException"/> when known_servers cannot be used at all.
    /// </summary>
    public PinVerification Verify(ReadOnlySpan<byte> presentedKey)
    {
        if (_explicit is not null)
        {
            ServerKeyFingerprint presented = ServerKeyFingerprint.Of(presentedKey);
            var expected = new PinnedServerKey(_address, _explicit, 0);
            return new PinVerification(presented.Equals(_explicit) ? PinOutcome.Match : PinOutcome.ExplicitMismatch, _address, presented, [expected], null, string.Empty);
        }

        if (_knownServersPath is null)
        {
            throw new ChatException("cannot check the server's key: neither XDG_CONFIG_HOME nor HOME is set, so there is no known_servers file; give the server's fingerprint (--server-key)");
        }

        try
        {
            return new KnownServers(_knownServersPath).Verify(_address, presentedKey);
        }
        catch (KnownServersException ex)
        {
            throw new ChatException($"cannot check the server's key: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new ChatException($"cannot check the server's key: {ex.Message}", ex);
        }
    }
}
