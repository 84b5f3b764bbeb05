using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.PowerShell.Tests;

/// <summary>One real <c>udpsuite server</c> (child process, every listener on an ephemeral 127.0.0.1 port) shared by the tests.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public int TimePort => Server.Endpoint("time-text").Port;

    public int NtpPort => Server.Endpoint("sntp").Port;

    public int Rfc868Port => Server.Endpoint("rfc868").Port;

    public int DaytimePort => Server.Endpoint("daytime").Port;

    public int ChatPort => Server.Endpoint("chat").Port;

    public const string ServerName = "pwsh-test-server";

    /// <summary>Ports as script variables: $TimePort, $NtpPort, $Rfc868Port, $DaytimePort, $ChatPort.</summary>
    public Dictionary<string, object?> Variables(params (string Name, object? Value)[] more)
    {
        var variables = new Dictionary<string, object?>
        {
            ["TimePort"] = TimePort,
            ["NtpPort"] = NtpPort,
            ["Rfc868Port"] = Rfc868Port,
            ["DaytimePort"] = DaytimePort,
            ["ChatPort"] = ChatPort,
        };
        foreach ((string name, object? value) in more)
        {
            variables[name] = value;
        }

        return variables;
    }

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--server-name", ServerName],
            new Dictionary<string, string>
            {
                // Every test talks to SNTP from 127.0.0.1: keep the per-client rate limit out of their way.
                ["UDPSUITE_Server__NtpRateLimit__Burst"] = "10000",
                ["UDPSUITE_Server__NtpRateLimit__RequestsPerSecond"] = "10000",
                ["TZ"] = "UTC",
            });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "udpsuite server";
}

[CollectionDefinition(Name)]
public sealed class ChatServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "udpsuite server for chat";
}
