using Microsoft.Extensions.Options;
using UdpSuite.Server.Hosting;

namespace UdpSuite.Server.Chat.RateLimit;

/// <summary>Checks <see cref="ChatRateLimitOptions"/> (section <c>Server:ChatRateLimit</c>): rates, bursts and the notice interval at least 1, at least 2 keys tracked.</summary>
public sealed class ChatRateLimitOptionsValidator : IValidateOptions<ChatRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatRateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ConfigurationFailures(ConfigurationSections.ChatRateLimit);
        failures.AtLeast(nameof(options.PerSourcePerSecond), options.PerSourcePerSecond, 1);
        failures.AtLeast(nameof(options.PerSourceBurst), options.PerSourceBurst, 1);
        failures.AtLeast(nameof(options.PerAccountPerSecond), options.PerAccountPerSecond, 1);
        failures.AtLeast(nameof(options.PerAccountBurst), options.PerAccountBurst, 1);
        failures.AtLeast(nameof(options.NoticeIntervalMilliseconds), options.NoticeIntervalMilliseconds, 1);
        failures.AtLeast(nameof(options.MaxTracked), options.MaxTracked, 2); // two generations of at least one key each
        return failures.Result();
    }
}
