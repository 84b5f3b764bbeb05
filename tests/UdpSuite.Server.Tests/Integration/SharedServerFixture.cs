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
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<SharedServerFixture>
{
    public const string Name = "shared udpsuite server";
}
