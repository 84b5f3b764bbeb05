using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// One store request of the relay core: everything the core needs from the store for one receive batch, timer tick or
/// completion — login lookups and registrations, group and contact requests, complete submissions to commit (with their recipient check), receipts to record, sender notifications
/// to mark, deliveries to read — with the state the core needs to finish each item when the completion comes back
/// (the session it came from, the fragment to acknowledge, the request id to answer). The core appends it to its
/// actions; the I/O shell runs <see cref="Execute"/> on the store worker (never on the receive thread) and hands the same
/// object back to <see cref="ChatRelayCore.Complete"/>. Items run in this order: login lookups and registrations, group requests, contact requests, submissions, receipts,
/// notifications, device cursors, reads, history pages, presence choices, audiences.
/// Instances are pooled by <see cref="StorePipeline"/>, so their lists keep their capacity (no allocation per message
/// in steady state). Between <see cref="Execute"/> and the completion only the worker touches it.
/// </summary>
internal sealed class StoreBatch
{
    /// <summary>Most READ_SYNCs a receiving session is sent at login (docs/PROTOCOL.md, "Read sync").</summary>
    public const int MaxReadSyncAtLogin = 1024;

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

    /// <summary>HISTORY_REQUESTs: pages of stored conversations to read (run after the reads).</summary>
    public List<HistoryItem> Histories { get; } = [];

    /// <summary>Presence choices to keep across logins and restarts.</summary>
    public List<PresenceChoiceItem> PresenceChoices { get; } = [];

    /// <summary>Device cursors that moved up, and devices whose last session ended (run after the receipts).</summary>
    public List<DeviceCursorItem> Cursors { get; } = [];

    /// <summary>How long the submissions' commits took on the worker (the commit-time metric).</summary>
    public TimeSpan Elapsed { get; private set; }

    /// <summary>Items of every kind.</summary>
    public int Count => Logins.Count + GroupRequests.Count + ContactRequests.Count + Submissions.Count + Receipts.Count + Notified.Count + Reads.Count + Audiences.Count + Cursors.Count + Histories.Count + PresenceChoices.Count;

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

        for (int i = 0; i < Cursors.Count; i++)
        {
            Cursors[i] = Cursors[i].Run(store as IDeviceLogStore);
        }

        for (int i = 0; i < Reads.Count; i++)
        {
            Reads[i] = Run(Reads[i], store);
        }

        for (int i = 0; i < Histories.Count; i++)
        {
            Histories[i] = Histories[i].Run(store as IDeviceLogStore);
        }

        for (int i = 0; i < PresenceChoices.Count; i++)
        {
            PresenceChoices[i] = PresenceChoices[i].Run(store as IDeviceLogStore);
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

        for (int i = 0; i < Cursors.Count; i++)
        {
            Cursors[i] = Cursors[i] with { Failure = failure };
        }

        for (int i = 0; i < Histories.Count; i++)
        {
            Histories[i] = Histories[i] with { Failure = failure };
        }

        for (int i = 0; i < PresenceChoices.Count; i++)
        {
            PresenceChoices[i] = PresenceChoices[i] with { Failure = failure };
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
        Cursors.Clear();
        Histories.Clear();
        PresenceChoices.Clear();
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
                    Submissions[i] = AppendCopy(Submissions[i] with { Direct = outcomes[k] }, store, isGroup: false);
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
                Submissions[i] = AppendCopy(item with { Group = store.CommitToGroup(item.MessageId, item.To, item.Session.User, item.Text, item.At) }, store, isGroup: true);
            }
            catch (ChatStoreException ex)
            {
                Submissions[i] = item with { Failure = ex };
            }
        }
    }

    /// <summary>
    /// The sender's copy of a message it committed (docs/PROTOCOL.md, "Copies of sent messages"): appended to its log,
    /// marked with the device that sent it. Appending is idempotent, so a duplicate's resend appends nothing new; when it
    /// fails the item fails (REJECT StoreUnavailable) and the client's resend appends it then.
    /// </summary>
    private static SubmissionItem AppendCopy(SubmissionItem item, IChatStore store, bool isGroup)
    {
        bool committed = isGroup
            ? item.Group is { Status: ChatErrorCode.None } g && string.Equals(g.Sender, item.Session.User, StringComparison.Ordinal)
            : item.Direct is { } d && string.Equals(d.Message.Sender, item.Session.User, StringComparison.Ordinal);
        if (!committed || store is not IDeviceLogStore log)
        {
            return item;
        }

        try
        {
            ulong copy = log.AppendCopy(item.Session.User, item.MessageId, isGroup, item.Session.Device.DeviceId, item.At);
            return item with { CopySequence = copy };
        }
        catch (ChatStoreException ex)
        {
            return item with { Failure = ex };
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
            string user = item.Session.User;
            IReadOnlyList<StoredMessage>? receipts = item.Backlog ? store.UnnotifiedReceipts(user, item.ReceiptLimit) : null;
            IReadOnlyList<GroupProgress>? groupReceipts = item.Backlog ? store.UnnotifiedGroupReceipts(user, item.ReceiptLimit) : null;
            if (store is not IDeviceLogStore log)
            {
                // A store without logs (tests, fuzzing): the undelivered messages, as the log's incoming entries.
                IReadOnlyList<StoredMessage> undelivered = store.Undelivered(user, item.After, item.Room);
                return item with { Entries = [.. undelivered.Select(m => new LogEntry(m.InboxSequence, m, false, 0))], UnnotifiedReceipts = receipts, UnnotifiedGroupReceipts = groupReceipts };
            }

            // At login the device's stored cursor: everything up to it one of the device's sessions already confirmed.
            // and what was read elsewhere since the device's last session ended (its read sync catch-up).
            DeviceCursor? device = item.Backlog ? log.OpenDevice(user, item.Session.Device.DeviceId, item.Session.Device.Name, item.At) : null;
            IReadOnlyList<StoredMessage>? readElsewhere = device is null ? null : log.ReadSince(user, device.LastSeen, MaxReadSyncAtLogin);
            ulong after = Math.Max(item.After, device?.Cursor ?? 0);
            IReadOnlyList<LogEntry> entries = log.LogAfter(user, after, item.Room);
            return item with
            {
                Entries = entries,
                DeviceCursor = device?.Cursor,
                ReadElsewhere = readElsewhere,
                UnnotifiedReceipts = receipts,
                UnnotifiedGroupReceipts = groupReceipts,
            };
        }
        catch (ChatStoreException ex)
        {
            return item with { Failure = ex };
        }
    }
}
