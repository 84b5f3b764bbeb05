using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Chat;
using PresenceState = UdpSuite.Tui.Chat.PresenceState;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>An in-memory <see cref="IChatSession"/>: records what the UI sends and lets the test play the server.</summary>
internal sealed class FakeChatSession(string userName) : IChatSession
{
    public string UserName { get; } = userName;

    public bool IsConnected { get; private set; } = true;

    public List<(Guid Id, string To, string Text)> Sent { get; } = [];

    public List<Guid> MarkedRead { get; } = [];

    /// <summary>What the UI last asked to watch (<see cref="IChatSession.Watch"/>).</summary>
    public IReadOnlyCollection<string> Watched { get; private set; } = [];

    public void Watch(IReadOnlyCollection<string> accounts) => Watched = accounts;

    public event EventHandler<bool>? ConnectionChanged;

    public event EventHandler<ReceivedChatMessage>? MessageReceived;

    public event EventHandler<DeliveryUpdate>? DeliveryChanged;

    public event EventHandler<PresenceUpdate>? PresenceChanged;

    public Guid Send(string toAccount, string text)
    {
        Guid id = Guid.NewGuid();
        Sent.Add((id, toAccount, text));
        return id;
    }

    public Task MarkReadAsync(Guid messageId)
    {
        MarkedRead.Add(messageId);
        return Task.CompletedTask;
    }

    public void Deliver(Guid id, DeliveryState state) => DeliveryChanged?.Invoke(this, new DeliveryUpdate(id, state));

    public Guid Receive(string from, string text)
    {
        Guid id = Guid.NewGuid();
        MessageReceived?.Invoke(this, new ReceivedChatMessage(id, from, UserName, text, DateTimeOffset.Now));
        return id;
    }

    public void SetPresence(string user, PresenceState state, string? status = null) =>
        PresenceChanged?.Invoke(this, new PresenceUpdate(user, state, status));

    public void SetConnected(bool connected)
    {
        IsConnected = connected;
        ConnectionChanged?.Invoke(this, connected);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
