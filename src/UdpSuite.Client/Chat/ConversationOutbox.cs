using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Outgoing messages, one queue per conversation (recipient). Only the head of each queue is in flight until the
/// server reports it "sent", so the server commits a conversation in the order it was written, while different
/// conversations proceed in parallel. Fragments are (re)sent as <see cref="OutboundMessage"/> says; a message whose
/// deadline passes fails. Bounded by <c>capacity</c> messages. Not thread-safe: the client serialises calls.
/// </summary>
internal sealed class ConversationOutbox(int capacity)
{
    /// <summary>After every fragment was acknowledged, how long to wait for RECEIPT(sent) before sending it all again (a server restart may have lost the half-received message).</summary>
    private static readonly TimeSpan CommitPatience = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Queue<Submission>> _queues = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, Submission> _inFlight = [];

    /// <summary>Messages queued or in flight.</summary>
    public int Count { get; private set; }

    public bool HasWork => Count > 0;

    /// <summary>Queues a message; false when the outbox is full.</summary>
    public bool TryEnqueue(OutgoingMessage message, byte[] envelope, long deadlineTicks)
    {
        if (Count >= capacity)
        {
            return false;
        }

        if (!_queues.TryGetValue(Conversation(message), out Queue<Submission>? queue))
        {
            queue = new Queue<Submission>();
            _queues[Conversation(message)] = queue;
        }

        queue.Enqueue(new Submission(message, envelope, deadlineTicks));
        Count++;
        return true;
    }

    /// <summary>Fails expired messages, starts each conversation's next message and returns the fragments to (re)send now.</summary>
    public List<(OutboundMessage Transfer, int Index, ChatMessageType Type)> Tick(long nowTicks, TimeSpan rto, List<OutgoingStateChange> changes)
    {
        var due = new List<(OutboundMessage, int, ChatMessageType)>();
        foreach (Queue<Submission> queue in _queues.Values.ToArray())
        {
            while (queue.TryPeek(out Submission? head))
            {
                if (nowTicks >= head.DeadlineTicks)
                {
                    changes.Add(new OutgoingStateChange(head.Message, DeliveryState.Failed, FailureReason: "the deadline passed before the server stored the message"));
                    Finish(queue);
                    continue;
                }

                if (head.Transfer is null)
                {
                    head.Transfer = new OutboundMessage(head.Message.Id, head.Envelope);
                    _inFlight[head.Message.Id] = head;
                }
                else if (head.Transfer.IsComplete && nowTicks - head.CompletedTicks >= Math.Max(CommitPatience.Ticks, rto.Ticks * 8))
                {
                    head.Transfer = new OutboundMessage(head.Message.Id, head.Envelope);
                    head.CompletedTicks = 0;
                }

                for (int index = 0; index < head.Transfer.FragmentCount; index++)
                {
                    if (head.Transfer.IsDue(index, nowTicks, rto))
                    {
                        head.Transfer.MarkSent(index, nowTicks);
                        due.Add((head.Transfer, index, head.Message.Group is null ? ChatMessageType.Data : ChatMessageType.GroupData));
                    }
                }

                break;
            }
        }

        return due;
    }

    /// <summary>Records ACK(id, index); returns a round-trip sample when Karn's rule allows one.</summary>
    public TimeSpan? OnFragmentAcknowledged(Guid id, int index, long nowTicks)
    {
        if (!_inFlight.TryGetValue(id, out Submission? submission) || submission.Transfer is null)
        {
            return null;
        }

        TimeSpan? sample = submission.Transfer.Acknowledge(index, nowTicks);
        if (submission.Transfer.IsComplete && submission.CompletedTicks == 0)
        {
            submission.CompletedTicks = nowTicks;
        }

        return sample;
    }

    /// <summary>The server stored (or refused) message <paramref name="id"/>: its conversation moves on. False when it was not in flight.</summary>
    public bool Settle(Guid id)
    {
        if (!_inFlight.TryGetValue(id, out Submission? submission) || !_queues.TryGetValue(Conversation(submission.Message), out Queue<Submission>? queue))
        {
            return false;
        }

        Finish(queue);
        return true;
    }

    /// <summary>A new session began: every in-flight message is sent again from its first fragment.</summary>
    public void RestartTransfers()
    {
        foreach (Submission submission in _inFlight.Values)
        {
            submission.Transfer = new OutboundMessage(submission.Message.Id, submission.Envelope);
            submission.CompletedTicks = 0;
        }
    }

    /// <summary>Fails every queued and in-flight message (the client is closing).</summary>
    public void FailAll(string reason, List<OutgoingStateChange> changes)
    {
        foreach (Queue<Submission> queue in _queues.Values)
        {
            foreach (Submission submission in queue)
            {
                changes.Add(new OutgoingStateChange(submission.Message, DeliveryState.Failed, FailureReason: reason));
            }
        }

        _queues.Clear();
        _inFlight.Clear();
        Count = 0;
    }

    private void Finish(Queue<Submission> queue)
    {
        Submission head = queue.Dequeue();
        _inFlight.Remove(head.Message.Id);
        Count--;
        if (queue.Count == 0)
        {
            _queues.Remove(Conversation(head.Message));
        }
    }

    /// <summary>The queue a message waits in: its recipient, or its group (names can't hold control characters, so the two never collide).</summary>
    private static string Conversation(OutgoingMessage message) => message.Group is null ? message.To : "\u0001" + message.Group;

    private sealed class Submission(OutgoingMessage message, byte[] envelope, long deadlineTicks)
    {
        public OutgoingMessage Message { get; } = message;

        public byte[] Envelope { get; } = envelope;

        public long DeadlineTicks { get; } = deadlineTicks;

        public OutboundMessage? Transfer { get; set; }

        public long CompletedTicks { get; set; }
    }
}
