using Microsoft.Extensions.Configuration;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Tests.Hosting;

public sealed class ChatConfigurationTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Defaults_apply_when_the_section_is_absent()
    {
        Assert.Equal(new ChatRelayLimits(), ChatConfiguration.RelayLimits(Config()));
        Assert.Equal(new PresenceLimits(), ChatConfiguration.PresenceLimits(Config()));
    }

    [Fact]
    public void Timeouts_are_read_as_hh_mm_ss()
    {
        IConfiguration config = Config(("Chat:SessionTimeout", "00:00:04"), ("Chat:PresenceAwayAfter", "00:00:01.5"));
        Assert.Equal(TimeSpan.FromSeconds(4), ChatConfiguration.RelayLimits(config).SessionIdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1.5), ChatConfiguration.PresenceLimits(config).AwayAfter);
    }

    [Theory]
    [InlineData("2")] // would be two days as a TimeSpan: refused, not misread
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    [InlineData("soon")]
    public void A_bad_duration_is_a_configuration_error_naming_the_key(string value)
    {
        var error = Assert.Throws<ServerConfigurationException>(() => ChatConfiguration.PresenceLimits(Config(("Chat:PresenceAwayAfter", value))));
        Assert.Contains("Chat:PresenceAwayAfter", error.Message);
    }
}
