using System.CommandLine;
using UdpSuite.Client.Lan;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// The options of the IP Messenger commands: <c>--lan-port N</c> (over <c>Client:Lan:Port</c>) and
/// <c>--lan-peer HOST[:PORT]</c> (repeatable, added to <c>Client:Lan:Hosts</c>). The rest comes from the client
/// configuration (<see cref="ClientConfiguration.LanOptions"/>).
/// </summary>
internal sealed class LanOptions
{
    public Option<int?> Port { get; } = CreatePort();

    public Option<string[]> Peers { get; } = new("--lan-peer")
    {
        Description = "Also send our entry to HOST[:PORT] (port 2425 by default): IP Messenger users beyond the broadcast's reach; repeatable",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Port);
        command.Options.Add(Peers);
    }

    /// <summary>The peer's options: configuration under the command line. An invalid value is an <see cref="ArgumentException"/>.</summary>
    public LanPeerOptions Build(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return ClientConfiguration.LanOptions(parse.GetValue(Port), parse.GetValue(Peers) ?? []);
    }

    private static Option<int?> CreatePort()
    {
        var option = new Option<int?>("--lan-port")
        {
            Description = "UDP port of the IP Messenger peer (default 2425, Client:Lan:Port; 0: any free port)",
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0 or > 65535)
            {
                result.AddError("--lan-port must be 0-65535");
            }
        });
        return option;
    }
}
