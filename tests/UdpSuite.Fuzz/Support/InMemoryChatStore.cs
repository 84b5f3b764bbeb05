using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Fuzz.Support;

/// <summary>
/// A fast <see cref="IChatStore"/> for fuzzing the relay in process (no disk). Follows the interface's contract
/// (dense inbox sequences, duplicate commits, states only go up). Bounded: past <see cref="MaxMessages"/> it forgets
/// everything, which a long fuzz run may do many times. One lock around every operation: the relay's store worker and
/// its synchronous calls (login) use it from two threads.
/// </summary>
internal sealed partial class InMemoryChatStore : IChatStore
{
    public const int MaxMessages = 20_000;

    private readonly Dictionary<string, StoredAccount> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, StoredMessage> _messages = [];
    private readonly Dictionary<string, ulong> _inboxes = new(StringComparer.Ordinal);
    private readonly byte[] _secret = new byte[32];
    private readonly Lock _gate = new();

    public int MessageCount
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    public bool TryAddUser(string name, PasswordVerifier verifier, Instant createdAt)
    {
        lock (_gate)
        {
            return _users.TryAdd(name, new StoredAccount(verifier));
        }
    }

    public StoredAccount? FindUser(string name)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(name);
        }
    }

    public byte[] ServerSecret() => _secret;

    public CommitOutcome Commit(Guid messageId, string sender, string recipient, string text, Instant committedAt)
    {
        lock (_gate)
        {
            return CommitLocked(messageId, sender, recipient, text, committedAt);
        }
    }

    public IReadOnlyList<StoredMessage> Undelivered(string recipient, ulong afterSequence, int limit)
    {
        lock (_gate)
        {
            return [.. _messages.Values.Where(m => m.Recipient == recipient && m.State == DeliveryState.Sent && m.InboxSequence > afterSequence)
                .OrderBy(m => m.InboxSequence).Take(limit)];
        }
    }

    public StoredMessage? AdvanceState(Guid messageId, string recipient, DeliveryState state, Instant changedAt)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(messageId, out StoredMessage? message) || message.Recipient != recipient || message.State >= state)
            {
                return null;
            }

            StoredMessage raised = message with { State = state, StateChangedAt = changedAt };
            _messages[messageId] = raised;
            return raised;
        }
    }

    public void MarkSenderNotified(Guid messageId, DeliveryState state)
    {
        lock (_gate)
        {
            if (_messages.TryGetValue(messageId, out StoredMessage? message) && message.SenderNotifiedState < state)
            {
                _messages[messageId] = message with { SenderNotifiedState = state };
            }
        }
    }

    public IReadOnlyList<StoredMessage> UnnotifiedReceipts(string sender, int limit)
    {
        lock (_gate)
        {
            return [.. _messages.Values.Where(m => m.Sender == sender && m.SenderNotifiedState < m.State).OrderBy(m => m.CommittedAt).Take(limit)];
        }
    }

    public void Dispose()
    {
    }

    private CommitOutcome CommitLocked(Guid messageId, string sender, string recipient, string text, Instant committedAt)
    {
        if (_messages.TryGetValue(messageId, out StoredMessage? existing))
        {
            return new CommitOutcome(existing, WasDuplicate: true);
        }

        if (_messages.Count >= MaxMessages)
        {
            _messages.Clear();
        }

        ulong sequence = _inboxes.GetValueOrDefault(recipient) + 1;
        _inboxes[recipient] = sequence;
        var message = new StoredMessage(messageId, sender, recipient, sequence, text, committedAt, DeliveryState.Sent, DeliveryState.Sending, committedAt);
        _messages[messageId] = message;
        return new CommitOutcome(message, WasDuplicate: false);
    }
}
