using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Tests.Integration;

namespace UdpSuite.Server.Tests.Hosting;

/// <summary><c>udpsuite server --print-config</c>: every option's effective value and its source, and no socket bound.</summary>
public class PrintConfigTests
{
    [Fact]
    public void Each_value_is_reported_with_the_source_it_came_from()
    {
        string directory = Directory.CreateTempSubdirectory("udpsuite-print-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "appsettings.json"), """{ "Server": { "TimePort": "9100", "DaytimePort": "1001" }, "Chat": { "SessionTimeout": "00:00:30" } }""");
            HostApplicationBuilder builder = ServerHostBuilder.Create(new Dictionary<string, string?> { ["Server:DaytimePort"] = "3003" }, directory);
            using IHost host = builder.Build();

            IReadOnlyList<string> lines = ServerConfigurationReport.Lines(host.Services, builder.Configuration);

            Assert.Contains("Server:TimePort = 9100 (appsettings.json)", lines);
            Assert.Contains("Server:DaytimePort = 3003 (command line)", lines);
            Assert.Contains("Server:NtpPort = 1123 (default)", lines);
            Assert.Contains("Chat:SessionTimeout = 00:00:30 (appsettings.json)", lines);
            Assert.Contains("Chat:PresenceAwayAfter = 00:05:00 (default)", lines);
            Assert.Contains("Server:Ntp:Stratum = 10 (default)", lines);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_key_of_every_options_class_is_listed_once()
    {
        using ServiceProvider services = TestConfiguration.Services();
        List<string> keys = ServerConfigurationReport.Lines(services, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .Select(line => line[..line.IndexOf(" = ", StringComparison.Ordinal)])
            .ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Server:LoopsPerListener", keys);
        Assert.Contains("Server:Ntp:RootDispersionSeconds", keys);
        Assert.Contains("Server:NtpRateLimit:KissOfDeathBurst", keys);
        Assert.Contains("Server:ChatRateLimit:MaxTracked", keys);
        Assert.Contains("Chat:MaxSessions", keys);
        Assert.Contains("Chat:IdleScanInterval", keys);
        Assert.DoesNotContain("Server:NtpRateLimit:Clients", keys); // computed, not configurable
    }

    [Fact]
    public async Task The_command_prints_the_configuration_and_exits_0_without_listening()
    {
        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
            ["server", "--print-config", "--ntp-port", "1999", "--bind", "127.0.0.1"],
            TimeSpan.FromSeconds(20),
            new Dictionary<string, string> { ["UDPSUITE_Chat__SessionTimeout"] = "00:00:42" });

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Server:NtpPort = 1999 (command line)", stdout);
        Assert.Contains("Server:Bind = 127.0.0.1 (command line)", stdout);
        Assert.Contains("Chat:SessionTimeout = 00:00:42 (environment)", stdout);
        Assert.Contains("Server:TimePort = 9000 (default)", stdout);
        Assert.DoesNotContain("listening", stdout);
    }

    [Fact]
    public async Task Bad_configuration_is_one_line_naming_the_key_with_exit_2()
    {
        (int exitCode, string stdout, string stderr) = await ServerProcess.RunToExitAsync(
            ["server", "--print-config", "--loops", "0"],
            TimeSpan.FromSeconds(20),
            new Dictionary<string, string> { ["UDPSUITE_Chat__SessionTimeout"] = "2" });

        Assert.Equal(2, exitCode);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Server:LoopsPerListener must be 1..64", line);
        Assert.Contains("Chat:SessionTimeout must be", line);
        Assert.Empty(stdout);
    }
}
