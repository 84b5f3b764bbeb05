using Microsoft.Extensions.Configuration;
using UdpSuite.Client.Security;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// The chat client's configuration: <c>UDPSUITE_</c> environment variables over the optional per-user file
/// <c>$XDG_CONFIG_HOME/udpsuite/client.json</c> (<c>~/.config/udpsuite/client.json</c>). One key so far:
/// <c>Chat:ServerKey</c> (<c>UDPSUITE_Chat__ServerKey</c>), the chat server's key fingerprint to expect.
/// </summary>
internal static class ClientConfiguration
{
    public const string FileName = "client.json";

    /// <summary>The configured fingerprint, or null.</summary>
    public static string? ServerKey()
    {
        var builder = new ConfigurationBuilder();
        if (KnownServersLocator.UserPath() is { } pins && Path.GetDirectoryName(pins) is { } directory)
        {
            builder.AddJsonFile(Path.Combine(directory, FileName), optional: true, reloadOnChange: false);
        }

        string? value = builder.AddEnvironmentVariables("UDPSUITE_").Build()["Chat:ServerKey"];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
