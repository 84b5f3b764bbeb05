using System.CommandLine;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Cli.Commands;

/// <summary>Options several client commands share, created fresh per command.</summary>
internal static class SharedOptions
{
    /// <summary><c>--server HOST:PORT</c> with a default.</summary>
    public static Option<string> Server(string defaultValue) => new("--server", "-s")
    {
        Description = $"Server as HOST[:PORT] (default {defaultValue})",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary><c>--server-key SHA256:...</c>: the chat server's key fingerprint to expect instead of known_servers.</summary>
    public static Option<string?> ServerKey()
    {
        var option = new Option<string?>("--server-key")
        {
            Description = "The chat server's key fingerprint (SHA256:..., as 'udpsuite server key' prints it); the key must match it and known_servers is not consulted",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !ServerKeyFingerprint.TryParse(text.Trim(), out _))
            {
                result.AddError($"--server-key: '{text}' is not a fingerprint: expected {ServerKeyFingerprint.Prefix} followed by 43 base64 characters");
            }
        });
        return option;
    }

    /// <summary><c>--timeout MS</c>, positive.</summary>
    public static Option<int> Timeout()
    {
        var option = new Option<int>("--timeout", "-t")
        {
            Description = "Milliseconds to wait for the reply (default 2000)",
            DefaultValueFactory = _ => 2000,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--timeout must be a positive number of milliseconds");
            }
        });
        return option;
    }
}
