using UdpSuite.Client.Chat;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>Drains a client's incoming messages into a list in the background; tests wait for a count with a time limit.</summary>
public sealed class MessageCollector : IAsyncDisposable
{
    private readonly List<IncomingMessage> _messages = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _draining;

    public MessageCollector(ChatClient client)
    {
        _draining = Task.Run(async () =>
        {
            try
            {
                await foreach (IncomingMessage message in client.ReadMessagesAsync(_stop.Token))
                {
                    lock (_gate)
                    {
                        _messages.Add(message);
                    }

                    client.Confirm(message); // collected: the test is its durable consumer
                }
            }
            catch (OperationCanceledException)
            {
                // Collector disposed.
            }
        });
    }

    /// <summary>A snapshot of everything received so far, in arrival order.</summary>
    public IReadOnlyList<IncomingMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived, or throws after <paramref name="timeout"/> saying how many did.</summary>
    public async Task WaitForCountAsync(int count, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Messages.Count < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"only {Messages.Count} of {count} messages arrived within {timeout}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _draining.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
