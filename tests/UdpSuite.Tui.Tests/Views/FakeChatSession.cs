using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Chat;

namespace UdpSuite.Tui.Tests.Views;

/// <summary>An in-memory <see cref="IChatSession"/>: records what the UI sends and confirms, and lets the test play the server.</summary>
internal sealed partial class FakeChatSession(string userName) : IChatSession
{
    private readonly Dictionary<Guid, OutgoingMessage> _outgoing = [];
    private readonly Dictionary<string, ContactPresence> _presence = new(StringComparer.Ordinal);
    private ulong _nextSequence = 1;
    private ulong _nextVersion = 1;

    public string UserName { get; } = userName;

    public bool IsConnected { get; private set; } = true;

    public IReadOnlyDictionary<string, ContactPresence> Presence => _presence;

    public bool Started { get; private set; }

    public List<(Guid Id, string To, string Text)> Sent { get; } = [];

    public List<Guid> MarkedRead { get; } = [];

    /// <summary>Incoming messages the UI confirmed (after storing them), in order.</summary>
    public List<Guid> Confirmed { get; } = [];

    /// <summary>What the UI last asked to watch (<see cref="IChatSession.Watch"/>).</summary>
    public IReadOnlyCollection<string> Watched { get; private set; } = [];

    public void Watch(IReadOnlyCollection<string> accounts) => Watched = accounts;

    public string? ServerKeyRefusal { get; private set; }

    public event EventHandler<bool>? ConnectionChanged;

    public event EventHandler<string>? ServerKeyPinned;

    public event EventHandler<IncomingMessage>? MessageReceived;

    public event EventHandler<OutgoingMessage>? DeliveryChanged;

    public event EventHandler<ContactPresence>? PresenceChanged;

    public event EventHandler<Guid>? ReadElsewhere;

    /// <summary>Another session of this user read message <paramref name="id"/>.</summary>
    public void ReadOnOtherDevice(Guid id) => ReadElsewhere?.Invoke(this, id);

    /// <summary>The copy of a message this user sent from another session (from = this user) to <paramref name="to"/>.</summary>
    public Guid SentElsewhere(string to, string text)
    {
        var id = Guid.NewGuid();
        MessageReceived?.Invoke(this, new IncomingMessage(id, UserName, to, text, DateTimeOffset.Now, _nextSequence++) { IsOutgoing = true });
        return id;
    }

    public void Start() => Started = true;

    public OutgoingMessage Send(Guid messageId, string toAccount, string text)
    {
        Sent.Add((messageId, toAccount, text));
        var message = new OutgoingMessage(messageId, toAccount, text);
        message.StateChanged += (_, _) => DeliveryChanged?.Invoke(this, message);
        _outgoing[messageId] = message;
        return message;
    }

    /// <summary>Runs when the UI confirms a message, before it is recorded (to check what was stored by then).</summary>
    public Action<IncomingMessage>? OnConfirm { get; set; }

    public void Confirm(IncomingMessage message)
    {
        OnConfirm?.Invoke(message);
        Confirmed.Add(message.Id);
    }

    public Task MarkReadAsync(Guid messageId)
    {
        MarkedRead.Add(messageId);
        return Task.CompletedTask;
    }

    public void Deliver(Guid id, DeliveryState state) =>
        _outgoing[id].TryAdvance(state, failureReason: state == DeliveryState.Failed ? "the test failed it" : null);

    /// <summary>Plays the server refusing a sent message with <paramref name="code"/>, or the client's deadline passing (<see cref="ChatErrorCode.None"/>).</summary>
    public void Reject(Guid id, ChatErrorCode code) =>
        _outgoing[id].TryAdvance(
            DeliveryState.Failed,
            failureReason: code == ChatErrorCode.None ? "the deadline passed before the server stored the message" : $"the server refused the message: {code}",
            rejectCode: code);

    public Guid Receive(string from, string text) => Receive(Guid.NewGuid(), from, text);

    /// <summary>Delivers a message with a chosen id (the server may deliver one again after a restart).</summary>
    public Guid Receive(Guid id, string from, string text)
    {
        MessageReceived?.Invoke(this, new IncomingMessage(id, from, UserName, text, DateTimeOffset.Now, _nextSequence++));
        return id;
    }

    /// <summary>Records presence as the login snapshot would (no event).</summary>
    public void KnowPresence(string user, PresenceState state) =>
        _presence[user] = new ContactPresence(user, state, string.Empty, DateTimeOffset.Now, _nextVersion++);

    public void SetPresence(string user, PresenceState state, string? status = null)
    {
        var presence = new ContactPresence(user, state, status ?? string.Empty, DateTimeOffset.Now, _nextVersion++);
        _presence[user] = presence;
        PresenceChanged?.Invoke(this, presence);
    }

    public void SetConnected(bool connected)
    {
        IsConnected = connected;
        ConnectionChanged?.Invoke(this, connected);
    }

    /// <summary>Plays the client stopping its retries at a refused server key.</summary>
    public void RefuseServerKey(string description)
    {
        IsConnected = false;
        ServerKeyRefusal = description;
        ConnectionChanged?.Invoke(this, false);
    }

    /// <summary>Plays a login after an outage that pinned the server's key on first contact.</summary>
    public void PinServerKey(string notice)
    {
        ServerKeyPinned?.Invoke(this, notice);
        SetConnected(true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
