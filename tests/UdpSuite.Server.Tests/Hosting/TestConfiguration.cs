using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Tests.Hosting;

/// <summary>The server's services over an in-memory configuration of the given keys (nothing bound, nothing started).</summary>
internal static class TestConfiguration
{
    public static ServiceProvider Services(params (string Key, string Value)[] values)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddUdpSuiteServer(configuration).BuildServiceProvider();
    }
}
