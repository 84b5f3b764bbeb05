using System.CommandLine;

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
