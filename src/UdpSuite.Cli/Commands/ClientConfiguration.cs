using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// The chat client's configuration: <c>UDPSUITE_</c> environment variables over the optional per-user file
/// <c>$XDG_CONFIG_HOME/udpsuite/client.json</c> (<c>~/.config/udpsuite/client.json</c>, next to known_servers). One key
/// so far: <c>Chat:ServerKey</c> (<c>UDPSUITE_Chat__ServerKey</c>), the chat server's key fingerprint to expect when
/// neither <c>--server-key</c> nor (for <c>udpsuite chat</c>) the contacts.json server entry gives one. README,
/// "Chat client configuration".
/// </summary>
internal static class ClientConfiguration
{
    public const string FileName = "client.json";
    private const string ServerKeyName = "Chat:ServerKey";

    /// <summary>
    /// The configured fingerprint, or null. Throws <see cref="ArgumentException"/> naming the file or variable when
    /// client.json cannot be read or the value is not a fingerprint: a pin the user configured is never ignored.
    /// </summary>
    public static string? ServerKey()
    {
        var builder = new ConfigurationBuilder();
        string? file = KnownServersLocator.UserPath() is { } pins && Path.GetDirectoryName(pins) is { } directory ? Path.Combine(directory, FileName) : null;
        if (file is not null)
        {
            builder.AddJsonFile(file, optional: true, reloadOnChange: false);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.AddEnvironmentVariables("UDPSUITE_").Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{file}: cannot read the client configuration ({(ex.InnerException ?? ex).Message}); fix or remove the file", ex);
        }

        string? value = configuration[ServerKeyName];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (!ServerKeyFingerprint.TryParse(value, out _))
        {
            bool fromEnvironment = configuration.Providers.OfType<EnvironmentVariablesConfigurationProvider>().Any(p => p.TryGet(ServerKeyName, out _));
            string source = fromEnvironment ? "UDPSUITE_Chat__ServerKey" : $"Chat:ServerKey in {file}";
            throw new ArgumentException($"{source}: '{value}' is not a server key fingerprint (expected {ServerKeyFingerprint.Prefix} followed by 43 base64 characters, as 'udpsuite server key' prints it)");
        }

        return value;
    }
}
