using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Tests.Hosting;

public class ServerHostBuilderTests
{
    [Fact]
    public void Command_line_overrides_environment_which_overrides_appsettings()
    {
        string directory = Directory.CreateTempSubdirectory("udpsuite-config-").FullName;
        const string EnvironmentKey = "UDPSUITE_Server__Rfc868Port";
        try
        {
            File.WriteAllText(Path.Combine(directory, "appsettings.json"),
                """{ "Server": { "NtpPort": "1001", "Rfc868Port": "1001", "DaytimePort": "1001", "Zone": "Asia/Kolkata" } }""");
            Environment.SetEnvironmentVariable(EnvironmentKey, "2002");
            HostApplicationBuilder builder = ServerHostBuilder.Create(
                new Dictionary<string, string?> { ["Server:DaytimePort"] = "3003" }, directory);
            using IHost host = builder.Build();

            ServerOptions options = host.Services.GetRequiredService<ServerOptions>();
            Assert.Equal("1001", options.NtpPort);
            Assert.Equal("2002", options.Rfc868Port);
            Assert.Equal("3003", options.DaytimePort);
            Assert.Equal("9000", options.TimePort);
            Assert.Equal("Asia/Kolkata", host.Services.GetRequiredService<DateTimeZone>().Id);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EnvironmentKey, null);
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Defaults_are_unprivileged_ports_on_all_interfaces()
    {
        var options = new ServerOptions();
        Assert.Equal(("9000", "1123", "1037", "1013", "0.0.0.0"), (options.TimePort, options.NtpPort, options.Rfc868Port, options.DaytimePort, options.Bind));
    }
}
