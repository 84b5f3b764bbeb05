using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// A message this client sends, and what is known about it. The state only moves forward:
/// <see cref="DeliveryState.Sending"/> → <see cref="DeliveryState.Sent"/> (the server stored it durably) →
/// <see cref="DeliveryState.Delivered"/> → <see cref="DeliveryState.Read"/>, or <see cref="DeliveryState.Sending"/> →
/// <see cref="DeliveryState.Failed"/> (deadline passed or the server refused it). Thread-safe.
/// </summary>
public sealed class OutgoingMessage
{
    private readonly Lock _gate = new();
    private readonly List<(DeliveryState Wanted, TaskCompletionSource<DeliveryState> Completion)> _waiters = [];
    private readonly ILogger _logger;
    private GroupDeliveryCounts? _groupCounts;

    internal OutgoingMessage(Guid id, string to, string text, string? group = null, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        Id = id;
        To = to;
        Text = text;
        Group = group;
    }

    /// <summary>The message id (random, chosen by this client), also seen by the recipient.</summary>
    public Guid Id { get; }

    public string To { get; }

    public string Text { get; }

    /// <summary>The group it was posted to (then <see cref="To"/> is the group's name too), or null for a 1:1 message.</summary>
    public string? Group { get; }

    /// <summary>
    /// For a group message: of the members it was committed for (everyone but the sender), how many have it and how
    /// many read it; null until the first GROUP_RECEIPT. <see cref="State"/> becomes Delivered when all have it and
    /// Read when all read it.
    /// </summary>
    public GroupDeliveryCounts? GroupCounts
    {
        get
        {
            lock (_gate)
            {
                return _groupCounts;
            }
        }
    }

    /// <summary>The current state.</summary>
    public DeliveryState State { get; private set; } = DeliveryState.Sending;

    /// <summary>Why the message failed (null unless <see cref="State"/> is <see cref="DeliveryState.Failed"/>).</summary>
    public string? FailureReason { get; private set; }

    /// <summary>The server's error code when it refused the message.</summary>
    public ChatErrorCode RejectCode { get; private set; }

    /// <summary>The server's sequence number for the message once known (from a RECEIPT), else 0.</summary>
    public ulong ServerSequence { get; private set; }

    /// <summary>
    /// Raised (on a client thread, outside the client's locks) each time <see cref="State"/> moves forward. A handler
    /// that throws is logged (<see cref="ChatClientOptions.Logger"/>) and does not keep the event from the others.
    /// </summary>
    public event EventHandler<DeliveryState>? StateChanged;

    /// <summary>
    /// Completes when the message reaches <paramref name="wanted"/> (or a later state) or fails; returns the state then.
    /// A failed message returns <see cref="DeliveryState.Failed"/>, never throws for it.
    /// </summary>
    public Task<DeliveryState> WaitForAsync(DeliveryState wanted, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (Satisfies(State, wanted))
            {
                return Task.FromResult(State);
            }

            var completion = new TaskCompletionSource<DeliveryState>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((wanted, completion));
            return completion.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Moves to <paramref name="state"/> when that is forward; false (and nothing changes) otherwise.</summary>
    internal bool TryAdvance(DeliveryState state, ulong serverSequence = 0, string? failureReason = null, ChatErrorCode rejectCode = ChatErrorCode.None)
    {
        List<TaskCompletionSource<DeliveryState>> ready = [];
        lock (_gate)
        {
            bool forward = state == DeliveryState.Failed ? State == DeliveryState.Sending : State != DeliveryState.Failed && state > State;
            if (!forward)
            {
                return false;
            }

            State = state;
            if (serverSequence != 0)
            {
                ServerSequence = serverSequence;
            }

            if (state == DeliveryState.Failed)
            {
                FailureReason = failureReason;
                RejectCode = rejectCode;
            }

            for (int k = _waiters.Count - 1; k >= 0; k--)
            {
                if (Satisfies(state, _waiters[k].Wanted))
                {
                    ready.Add(_waiters[k].Completion);
                    _waiters.RemoveAt(k);
                }
            }
        }

        foreach (TaskCompletionSource<DeliveryState> completion in ready)
        {
            completion.TrySetResult(state);
        }

        SubscriberIsolation.Raise(StateChanged, this, state, _logger, nameof(StateChanged));
        return true;
    }

    /// <summary>
    /// Raised (on a client thread, outside the client's locks) when newer <see cref="GroupCounts"/> arrive, also when the
    /// state stays the same (one more member has it, but not all yet).
    /// </summary>
    public event EventHandler<GroupDeliveryCounts>? GroupCountsChanged;

    /// <summary>Takes newer group counts (their sum only rises); false when they are not newer.</summary>
    internal bool UpdateGroupCounts(GroupDeliveryCounts counts)
    {
        lock (_gate)
        {
            if (_groupCounts is { } current && counts.Delivered + counts.Read <= current.Delivered + current.Read)
            {
                return false;
            }

            _groupCounts = counts;
        }

        GroupCountsChanged?.Invoke(this, counts);
        return true;
    }

    private static bool Satisfies(DeliveryState current, DeliveryState wanted) =>
        current == DeliveryState.Failed || (wanted != DeliveryState.Failed && current >= wanted);
}
