using System.CommandLine;
using Microsoft.Extensions.Hosting;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Security;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite server key [--data-dir DIR]</c>: prints the fingerprint of the server's static key as one line
/// (<c>SHA256:...</c>), creating the key when the data directory has none. The data directory is found as the server
/// finds it (option, then <c>UDPSUITE_Server__DataDirectory</c>, then appsettings.json, then the default). Exit 0, or 1
/// with one line on stderr when the key cannot be read or created.
/// </summary>
internal static class ServerKeyCommand
{
    /// <summary>Adds <c>key</c> under the <c>server</c> command and returns that command.</summary>
    public static Command AttachTo(Command server)
    {
        server.Subcommands.Add(Create());
        return server;
    }

    private static Command Create()
    {
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "The server's data directory (default: as 'udpsuite server' resolves it)",
        };
        var command = new Command("key", "Print the fingerprint of the chat server's key (created when missing), as clients pin it.");
        command.Options.Add(dataDirectory);
        command.SetAction(parse => Run(parse.GetValue(dataDirectory)));
        return command;
    }

    private static int Run(string? dataDirectoryOption)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (dataDirectoryOption is not null)
        {
            overrides["Server:DataDirectory"] = dataDirectoryOption;
        }

        HostApplicationBuilder builder = ServerHostBuilder.Create(overrides);
        ServerDataDirectory resolved = ServerDataDirectory.Resolve(builder.Configuration["Server:DataDirectory"]);
        if (resolved.LegacyNote is { } note)
        {
            Console.Error.WriteLine($"udpsuite server key: {note}");
        }

        string dataDirectory = resolved.Path;
        try
        {
            using ServerIdentity identity = ServerIdentityStore.LoadOrCreate(dataDirectory);
            if (identity.Created)
            {
                Console.Error.WriteLine($"udpsuite server key: created a new key in {identity.Path}");
            }

            Console.Out.WriteLine(identity.Fingerprint.ToString());
            return ExitCodes.Ok;
        }
        catch (ServerKeyException ex)
        {
            Console.Error.WriteLine($"udpsuite server key: {ex.Message}");
            return ExitCodes.Error;
        }
    }
}
