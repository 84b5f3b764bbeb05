using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Chat.Tests.Support;

/// <summary>Records a client's <see cref="ChatClient.PresenceChanged"/> events; tests wait for a condition with a deadline.</summary>
public sealed class PresenceCollector : IDisposable
{
    private readonly ChatClient _client;
    private readonly List<ContactPresence> _events = [];
    private readonly SemaphoreSlim _signal = new(0);

    public PresenceCollector(ChatClient client)
    {
        _client = client;
        client.PresenceChanged += OnChanged;
    }

    /// <summary>Every event so far, in order.</summary>
    public IReadOnlyList<ContactPresence> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The states reported for <paramref name="user"/>, in order.</summary>
    public IReadOnlyList<PresenceState> StatesOf(string user) => [.. Events.Where(e => e.User == user).Select(e => e.State)];

    /// <summary>Waits until <paramref name="condition"/> holds, or throws after <paramref name="timeout"/> listing what arrived.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ContactPresence>, bool> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition(Events))
        {
            TimeSpan left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s; events: {string.Join(", ", Events.Select(e => $"{e.User} {e.State} '{e.Status}' v{e.Version}"))}");
            }

            await _signal.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Waits until the states reported for <paramref name="user"/> are exactly <paramref name="states"/>, in order.</summary>
    public Task WaitForStatesAsync(string user, PresenceState[] states, TimeSpan timeout) =>
        WaitForAsync(events => events.Where(e => e.User == user).Select(e => e.State).SequenceEqual(states), timeout, $"{user}: {string.Join(" → ", states)}");

    public void Dispose()
    {
        _client.PresenceChanged -= OnChanged;
        _signal.Dispose();
    }

    private void OnChanged(object? sender, PresenceChangedEventArgs e)
    {
        lock (_events)
        {
            _events.Add(e.Presence);
        }

        try
        {
            _signal.Release();
        }
        catch (ObjectDisposedException)
        {
            // An event racing the end of the test.
        }
    }
}
