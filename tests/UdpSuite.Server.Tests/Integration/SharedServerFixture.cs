namespace UdpSuite.Server.Tests.Integration;

/// <summary>
/// One server process shared by the integration tests that only ask questions, zone UTC, with rate limits far
/// above what the tests send (all tests come from 127.0.0.1, i.e. one client). The flood test runs its own server.
/// </summary>
public sealed class SharedServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(
            [.. ServerProcess.EphemeralLoopbackArguments, "--zone", "UTC"],
            new Dictionary<string, string> { ["UDPSUITE_Server__NtpRateLimit__Burst"] = "100000", ["UDPSUITE_Server__NtpRateLimit__RequestsPerSecond"] = "100000" });

        // One query per listener warms the server (JIT) so timing-sensitive tests measure steady state.
        await new Client.Sntp.SntpClient().QueryAsync(Server.Endpoint("sntp"), TimeSpan.FromSeconds(5));
        await new Client.Rfc868.Rfc868Client().QueryAsync(Server.Endpoint("rfc868"), TimeSpan.FromSeconds(5));
        await Client.Daytime.DaytimeClient.QueryAsync(Server.Endpoint("daytime"), TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<SharedServerFixture>
{
    public const string Name = "shared udpsuite server";
}
