using Microsoft.Extensions.DependencyInjection;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Tests.Hosting;

/// <summary>Each validator rule, reached through configuration: the message starts with the key an operator has to fix.</summary>
public class ConfigurationValidationTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        using ServiceProvider services = TestConfiguration.Services();
        Assert.Null(ServerConfigurationCheck.FindError(services));
    }

    [Theory]
    // ServerOptionsValidator
    [InlineData("Server:TimePort", "nope")]
    [InlineData("Server:NtpPort", "70000")]
    [InlineData("Server:Rfc868Port", "-1")]
    [InlineData("Server:DaytimePort", "13 14")]
    [InlineData("Server:ChatPort", "1.5")]
    [InlineData("Server:DiscoveryPort", "on")]
    [InlineData("Server:Bind", "not-an-ip")]
    [InlineData("Server:Zone", "Mars/Olympus")]
    [InlineData("Server:FormatCacheSize", "0")]
    [InlineData("Server:LoopsPerListener", "0")]
    [InlineData("Server:LoopsPerListener", "65")]
    [InlineData("Server:SocketReceiveBufferBytes", "-1")]
    // SntpServerSettingsValidator
    [InlineData("Server:Ntp:Stratum", "0")]
    [InlineData("Server:Ntp:Stratum", "16")]
    [InlineData("Server:Ntp:Leap", "Unsynchronized")]
    [InlineData("Server:Ntp:Precision", "1")]
    [InlineData("Server:Ntp:Precision", "-33")]
    [InlineData("Server:Ntp:RootDelaySeconds", "-1")]
    [InlineData("Server:Ntp:RootDispersionSeconds", "70000")]
    [InlineData("Server:Ntp:RootDispersionSeconds", "NaN")]
    // SntpRateLimitOptionsValidator
    [InlineData("Server:NtpRateLimit:Burst", "0")]
    [InlineData("Server:NtpRateLimit:RequestsPerSecond", "0")]
    [InlineData("Server:NtpRateLimit:KissOfDeathBurst", "0")]
    [InlineData("Server:NtpRateLimit:KissOfDeathIntervalSeconds", "0")]
    [InlineData("Server:NtpRateLimit:MaxClients", "1")]
    // ChatRateLimitOptionsValidator
    [InlineData("Server:ChatRateLimit:PerSourcePerSecond", "0")]
    [InlineData("Server:ChatRateLimit:PerSourceBurst", "0")]
    [InlineData("Server:ChatRateLimit:PerAccountPerSecond", "0")]
    [InlineData("Server:ChatRateLimit:PerAccountBurst", "0")]
    [InlineData("Server:ChatRateLimit:NoticeIntervalMilliseconds", "0")]
    [InlineData("Server:ChatRateLimit:MaxTracked", "1")]
    // ChatRelayLimitsValidator
    [InlineData("Chat:MaxSessions", "0")]
    [InlineData("Chat:MaxSessionsPerUser", "0")]
    [InlineData("Chat:Handshake:MaxPending", "0")]
    [InlineData("Chat:PasswordHashIterations", "0")]
    [InlineData("Chat:PendingLoginLifetime", "00:00:00")]
    [InlineData("Chat:SessionTimeout", "2")] // two days as a TimeSpan: refused, not misread
    [InlineData("Chat:SessionTimeout", "00:00:00")]
    [InlineData("Chat:SessionTimeout", "-00:00:05")]
    [InlineData("Chat:MaxDeliveriesInFlight", "0")]
    [InlineData("Chat:MaxPendingReceipts", "0")]
    [InlineData("Chat:TickInterval", "00:00:00")]
    // PresenceLimitsValidator
    [InlineData("Chat:PresenceAwayAfter", "2")]
    [InlineData("Chat:PresenceAwayAfter", "00:00:00")]
    [InlineData("Chat:MaxContacts", "0")]
    [InlineData("Chat:MaxPendingPushes", "0")]
    [InlineData("Chat:MaxFirstSendsPerTick", "0")]
    [InlineData("Chat:IdleScanInterval", "00:00:00")]
    public void A_value_out_of_range_is_refused_with_a_message_naming_the_key(string key, string value)
    {
        using ServiceProvider services = TestConfiguration.Services((key, value));
        string? error = ServerConfigurationCheck.FindError(services);
        Assert.NotNull(error);
        Assert.StartsWith($"{key} must be ", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("Chat:PresenceAwayAfter", "soon")]
    [InlineData("Server:BatchedIo", "maybe")]
    [InlineData("Server:LoopsPerListener", "many")]
    [InlineData("Server:NtpRateLimit:Burst", "lots")]
    public void A_value_that_does_not_convert_is_refused_with_a_message_naming_the_key(string key, string value)
    {
        using ServiceProvider services = TestConfiguration.Services((key, value));
        string? error = ServerConfigurationCheck.FindError(services);
        Assert.NotNull(error);
        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains(value, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_bad_keys_are_all_named_on_one_line()
    {
        using ServiceProvider services = TestConfiguration.Services(("Server:Bind", "nowhere"), ("Server:Ntp:Stratum", "0"), ("Chat:MaxSessions", "0"));
        string? error = ServerConfigurationCheck.FindError(services);
        Assert.NotNull(error);
        Assert.Contains("Server:Bind must be", error, StringComparison.Ordinal);
        Assert.Contains("Server:Ntp:Stratum must be", error, StringComparison.Ordinal);
        Assert.Contains("Chat:MaxSessions must be", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void A_component_never_sees_an_invalid_value()
    {
        using ServiceProvider services = TestConfiguration.Services(("Server:NtpRateLimit:Burst", "0"));
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => services.GetRequiredService<UdpSuite.Server.Handlers.SntpHandler>());
    }
}
