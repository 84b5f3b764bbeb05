using Microsoft.Extensions.Logging;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Tests.Support;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Tests.Chat;

public sealed class SubscriberIsolationTests
{
    [Fact]
    public void A_throwing_StateChanged_handler_is_logged_and_the_handlers_after_it_still_run()
    {
        var logger = new RecordingLogger();
        var message = new OutgoingMessage(Guid.NewGuid(), "bob", "hi", logger: logger);
        var seen = new List<DeliveryState>();
        message.StateChanged += (_, _) => throw new InvalidOperationException("application bug");
        message.StateChanged += (_, state) => seen.Add(state);

        Assert.True(message.TryAdvance(DeliveryState.Sent));
        Assert.True(message.TryAdvance(DeliveryState.Delivered));

        Assert.Equal([DeliveryState.Sent, DeliveryState.Delivered], seen);
        Assert.Equal(DeliveryState.Delivered, message.State);
        Assert.Equal(2, logger.Entries.Count);
        Assert.All(logger.Entries, entry =>
        {
            Assert.Equal(LogLevel.Error, entry.Level);
            Assert.IsType<InvalidOperationException>(entry.Exception);
            Assert.Contains(nameof(OutgoingMessage.StateChanged), entry.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Raise_counts_the_failures_and_calls_every_handler_in_order()
    {
        var logger = new RecordingLogger();
        var calls = new List<int>();
        EventHandler<int>? handlers = null;
        handlers += (_, value) => calls.Add(value);
        handlers += (_, _) => throw new InvalidOperationException("first bug");
        handlers += (_, value) => calls.Add(value * 10);
        handlers += (_, _) => throw new ArgumentException("second bug");

        int failed = SubscriberIsolation.Raise(handlers, this, 4, logger, "Something");

        Assert.Equal(2, failed);
        Assert.Equal([4, 40], calls);
        Assert.Equal([typeof(InvalidOperationException), typeof(ArgumentException)], logger.Entries.Select(e => e.Exception!.GetType()));
        Assert.Equal(0, SubscriberIsolation.Raise<int>(null, this, 1, logger, "Nothing"));
    }

    [Fact]
    public void A_throwing_options_callback_is_logged_not_thrown()
    {
        var logger = new RecordingLogger();

        SubscriberIsolation.Invoke<string>(_ => throw new InvalidOperationException("bug"), "x", logger, "OnServerKeyPinned");

        Assert.Single(logger.Entries);
        Assert.Contains("OnServerKeyPinned", logger.Entries[0].Message, StringComparison.Ordinal);
    }
}
