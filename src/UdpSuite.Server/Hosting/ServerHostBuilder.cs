using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// Builds the server's generic host. Configuration, lowest precedence first: appsettings.json next to the
/// executable, <c>UDPSUITE_</c> environment variables (<c>UDPSUITE_Server__NtpPort=0</c>), then
/// the command-line overrides passed to <see cref="Create"/> (keys like <c>Server:NtpPort</c>). Logs go to stderr, single line per
/// entry, so stdout carries only the <c>listening</c> lines.
/// </summary>
public static class ServerHostBuilder
{
    /// <summary>Prefix of the environment variables the server reads.</summary>
    public const string EnvironmentPrefix = "UDPSUITE_";

    public static HostApplicationBuilder Create(IEnumerable<KeyValuePair<string, string?>> commandLineOverrides, string? baseDirectory = null)
    {
        string directory = baseDirectory ?? AppContext.BaseDirectory;
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = directory,
        });

        builder.Configuration
            .AddJsonFile(Path.Combine(directory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(commandLineOverrides);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            options.UseUtcTimestamp = true;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddUdpSuiteServer(builder.Configuration);
        return builder;
    }
}
