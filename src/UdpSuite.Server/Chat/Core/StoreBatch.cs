using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// One store request of the relay core: everything the core needs from the store for one receive batch, timer tick or
/// completion — login lookups and registrations, group and contact requests, complete submissions to commit (with their recipient check), receipts to record, sender notifications
/// to mark, deliveries to read — with the state the core needs to finish each item when the completion comes back
/// (the session it came from, the fragment to acknowledge, the request id to answer). The core appends it to its
/// actions; the I/O shell runs <see cref="Execute"/> on the store worker (never on the receive thread) and hands the same
/// object back to <see cref="ChatRelayCore.Complete"/>. Items run in this order: login lookups and registrations, group requests, contact requests, submissions, receipts,
/// notifications, reads, audiences.
/// Instances are pooled by <see cref="StorePipeline"/>, so their lists keep their capacity (no allocation per message
/// in steady state). Between <see cref="Execute"/> and the completion only the worker touches it.
/// </summary>
internal sealed class StoreBatch
{
    private readonly List<CommitRequest> _directRequests = [];
    private readonly List<int> _directIndexes = [];

    /// <summary>The correlation id (issue order, from 1): completions come back in this order.</summary>
    public long Id { get; internal set; }

    /// <summary>Account lookups (LOGIN_START) and registrations of pending logins, in arrival order (run first: a 1:1 recipient registered in this batch is found).</summary>
    public List<LoginStoreItem> Logins { get; } = [];

    /// <summary>GROUP_REQUESTs that change or read groups, in arrival order (run before the submissions: a group joined in this batch takes its GROUP_DATA).</summary>
    public List<GroupRequestItem> GroupRequests { get; } = [];

    /// <summary>CONTACT_ADD, CONTACT_REMOVE and CONTACT_LIST requests, in arrival order (run after the group requests).</summary>
    public List<ContactRequestItem> ContactRequests { get; } = [];

    /// <summary>Complete 1:1 and group submissions, in arrival order.</summary>
    public List<SubmissionItem> Submissions { get; } = [];

    /// <summary>Delivered/read receipts of recipients.</summary>
    public List<ReceiptItem> Receipts { get; } = [];

    /// <summary>Receipts (and group counts) a sender acknowledged.</summary>
    public List<NotifiedItem> Notified { get; } = [];

    /// <summary>Presence audiences to read (login snapshots and pushes of changes).</summary>
    public List<AudienceItem> Audiences { get; } = [];

    /// <summary>Deliveries to read for sessions with room in flight (after a commit, an ACK, at login).</summary>
    public List<ReadItem> Reads { get; } = [];

    /// <summary>How long the submissions' commits took on the worker (the commit-time metric).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Items of every kind.</summary>
    public int Count => Logins.Count + GroupRequests.Count + ContactRequests.Count + Submissions.Count + Receipts.Count + Notified.Count + Reads.Count + Audiences.Count;

    /// <summary>
    /// Runs every item against <paramref name="store"/> (on the store worker). A store failure fails the item (and, for
    /// 1:1 submissions, every 1:1 submission of the batch: they are one all-or-nothing transaction); nothing throws.
    /// </summary>
    public void Execute(IChatStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        for (int i = 0; i < Logins.Count; i++)
        {
            Logins[i] = Logins[i].Run(store);
        }

        for (int i = 0; i < GroupRequests.Count; i++)
        {
            GroupRequests[i] = GroupRequests[i].Run(store);
        }

        for (int i = 0; i < ContactRequests.Count; i++)
        {
            ContactRequests[i] = ContactRequests[i].Run(store);
        }

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        CommitSubmissions(store);
        Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        for (int i = 0; i < Receipts.Count; i++)
        {
            Receipts[i] = Run(Receipts[i], store);
        }

        for (int i = 0; i < Notified.Count; i++)
        {
            Notified[i] = Run(Notified[i], store);
        }

        for (int i = 0; i < Reads.Count; i++)
        {
            Reads[i] = Run(Reads[i], store);
        }

        for (int i = 0; i < Audiences.Count; i++)
        {
            Audiences[i] = Audiences[i].Run();
        }
    }

    /// <summary>Fails every item with <paramref name="failure"/> (a batch that could not run: the store worker stopped).</summary>
    public void Fail(ChatStoreException failure)
    {
        for (int i = 0; i < Logins.Count; i++)
        {
            Logins[i] = Logins[i] with { Failure = failure };
        }

        for (int i = 0; i < GroupRequests.Count; i++)
        {
            GroupRequests[i] = GroupRequests[i] with { Failure = failure };
        }

        for (int i = 0; i < ContactRequests.Count; i++)
        {
            ContactRequests[i] = ContactRequests[i] with { Failure = failure };
        }

        for (int i = 0; i < Submissions.Count; i++)
        {
            Submissions[i] = Submissions[i] with { Failure = failure };
        }

        for (int i = 0; i < Receipts.Count; i++)
        {
            Receipts[i] = Receipts[i] with { Failure = failure };
        }

        for (int i = 0; i < Notified.Count; i++)
        {
            Notified[i] = Notified[i] with { Failure = failure };
        }

        for (int i = 0; i < Reads.Count; i++)
        {
            Reads[i] = Reads[i] with { Failure = failure };
        }

        for (int i = 0; i < Audiences.Count; i++)
        {
            Audiences[i] = Audiences[i] with { Failure = failure };
        }
    }

    /// <summary>Empties the batch for reuse (no references to sessions or results are kept).</summary>
    public void Clear()
    {
        Id = 0;
        Elapsed = TimeSpan.Zero;
        Logins.Clear();
        GroupRequests.Clear();
        ContactRequests.Clear();
        Submissions.Clear();
        Receipts.Clear();
        Notified.Clear();
        Reads.Clear();
        Audiences.Clear();
        _directRequests.Clear();
        _directIndexes.Clear();
    }

    /// <summary>
    /// Checks each 1:1 recipient, then commits the 1:1 submissions to known recipients in one transaction (one fsync),
    /// then each group submission (its own transaction). Accounts are never deleted, so a recipient found before the
    /// transaction still exists inside it.
    /// </summary>
    private void CommitSubmissions(IChatStore store)
    {
        _directRequests.Clear();
        _directIndexes.Clear();
        for (int i = 0; i < Submissions.Count; i++)
        {
            SubmissionItem item = Submissions[i];
            if (item.ToGroup)
            {
                continue;
            }

            try
            {
                if (store.FindUser(item.To) is null)
                {
                    Submissions[i] = item with { Status = ChatErrorCode.UnknownRecipient };
                    continue;
                }
            }
            catch (ChatStoreException ex)
            {
                Submissions[i] = item with { Failure = ex };
                continue;
            }

            _directRequests.Add(new CommitRequest(item.MessageId, item.Session.User, item.To, item.Text, item.At));
            _directIndexes.Add(i);
        }

        if (_directRequests.Count > 0)
        {
            try
            {
                IReadOnlyList<CommitOutcome> outcomes = store.CommitAll(_directRequests);
                for (int k = 0; k < _directIndexes.Count; k++)
                {
                    int i = _directIndexes[k];
                    Submissions[i] = Submissions[i] with { Direct = outcomes[k] };
                }
            }
            catch (ChatStoreException ex)
            {
                foreach (int i in _directIndexes)
                {
                    Submissions[i] = Submissions[i] with { Failure = ex };
                }
            }
        }

        for (int i = 0; i < Submissions.Count; i++)
        {
            SubmissionItem item = Submissions[i];
            if (!item.ToGroup)
            {
                continue;
            }

            try
            {
                Submissions[i] = item with { Group = store.CommitToGroup(item.MessageId, item.To, item.Session.User, item.Text, item.At) };
            }
            catch (ChatStoreException ex)
            {
                Submissions[i] = item with { Failure = ex };
            }
        }
    }

    private static ReceiptItem Run(ReceiptItem item, IChatStore store)
    {
        try
        {
            StoredMessage? advanced = store.AdvanceState(item.MessageId, item.Session.User, item.State, item.At);
            GroupProgress? progress = advanced?.Group is { } tag ? store.GroupProgress(tag.MessageId) : null;
            return item with { Advanced = advanced, Progress = progress };
        }
        catch (ChatStoreException ex)
        {
            return item with { Failure = ex };
        }
    }

    private static NotifiedItem Run(NotifiedItem item, IChatStore store)
    {
        try
        {
            if (item.GroupProgress is { } progress)
            {
                store.MarkGroupSenderNotified(item.MessageId, progress);
            }
            else
            {
                store.MarkSenderNotified(item.MessageId, item.State);
            }

            return item;
        }
        catch (ChatStoreException ex)
        {
            return item with { Failure = ex };
        }
    }

    private static ReadItem Run(ReadItem item, IChatStore store)
    {
        try
        {
            IReadOnlyList<StoredMessage>? receipts = item.Backlog ? store.UnnotifiedReceipts(item.Session.User, item.ReceiptLimit) : null;
            IReadOnlyList<GroupProgress>? groupReceipts = item.Backlog ? store.UnnotifiedGroupReceipts(item.Session.User, item.ReceiptLimit) : null;
            IReadOnlyList<StoredMessage> undelivered = store.Undelivered(item.Session.User, item.After, item.Room);
            return item with { Undelivered = undelivered, UnnotifiedReceipts = receipts, UnnotifiedGroupReceipts = groupReceipts };
        }
        catch (ChatStoreException ex)
        {
            return item with { Failure = ex };
        }
    }
}

/// <summary>
/// A complete submission of <see cref="Session"/> (to a user, or with <see cref="ToGroup"/> to a group) waiting for its
/// commit; its last fragment <see cref="LastIndex"/> is acknowledged only after the commit. The outcome is
/// <see cref="Direct"/> or <see cref="Group"/>, or <see cref="Status"/> UnknownRecipient, or a <see cref="Failure"/>.
/// </summary>
internal readonly record struct SubmissionItem(ChatSession Session, Guid MessageId, ushort LastIndex, string To, string Text, Instant At, bool ToGroup)
{
    public ChatErrorCode Status { get; init; }

    public CommitOutcome? Direct { get; init; }

    public GroupCommitOutcome? Group { get; init; }

    public ChatStoreException? Failure { get; init; }
}

/// <summary>A delivered/read RECEIPT from recipient <see cref="Session"/>: the message whose state went up (and its group's counts), or null.</summary>
internal readonly record struct ReceiptItem(ChatSession Session, Guid MessageId, DeliveryState State, Instant At)
{
    public StoredMessage? Advanced { get; init; }

    public GroupProgress? Progress { get; init; }

    public ChatStoreException? Failure { get; init; }
}

/// <summary>A sender acknowledged the receipt of <see cref="MessageId"/> for <see cref="State"/>, or (group) the counts with <see cref="GroupProgress"/>.</summary>
internal readonly record struct NotifiedItem(Guid MessageId, DeliveryState State, int? GroupProgress)
{
    public ChatStoreException? Failure { get; init; }
}

/// <summary>
/// Up to <see cref="Room"/> undelivered messages of <see cref="Session"/>'s user after inbox sequence <see cref="After"/>;
/// with <see cref="Backlog"/> (at login) also the receipts and group counts the user has not acknowledged as a sender.
/// </summary>
internal readonly record struct ReadItem(ChatSession Session, ulong After, int Room, bool Backlog, int ReceiptLimit)
{
    public IReadOnlyList<StoredMessage>? Undelivered { get; init; }

    public IReadOnlyList<StoredMessage>? UnnotifiedReceipts { get; init; }

    public IReadOnlyList<GroupProgress>? UnnotifiedGroupReceipts { get; init; }

    public ChatStoreException? Failure { get; init; }
}
