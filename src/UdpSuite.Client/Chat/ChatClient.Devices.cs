using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Several sessions per account, the client's side (docs/PROTOCOL.md, "Sessions and devices"): read sync pushed from
/// the user's other sessions, history pages (HISTORY_REQUEST answered by HISTORY_DATA fragments), and the user's
/// session list (SESSIONS_LIST, SESSION_END). Copies of messages this user sent from another device arrive as ordinary
/// deliveries whose sender is this user (<see cref="IncomingMessage.IsOutgoing"/>).
/// </summary>
public sealed partial class ChatClient
{
    /// <summary>Most sessions pages asked for in one listing (a user has at most a few dozen sessions).</summary>
    private const int MaxSessionPages = 64;

    private readonly Reassembler _pages = new();
    private readonly BoundedRecentSet<Guid> _readElsewhere = new(TrackedCapacity);
    private readonly List<ReadElsewhereEventArgs> _readEvents = [];

    /// <summary>
    /// Another session of this user read a message to this user (READ_SYNC): an application clears its unread mark.
    /// Raised once per message, on the receive thread, outside the client's locks; a handler that throws is logged.
    /// </summary>
    public event EventHandler<ReadElsewhereEventArgs>? ReadElsewhere;

    /// <summary>The id of the current session (what <see cref="ListSessionsAsync"/> reports for it), or 0 when logged out.</summary>
    public ulong SessionId
    {
        get
        {
            lock (_gate)
            {
                return _session?.SessionId ?? 0;
            }
        }
    }

    /// <summary>
    /// One page of the 1:1 conversation with <paramref name="peer"/> stored on the server, newest first: at most
    /// <paramref name="limit"/> (1-100) entries older than <paramref name="before"/> (0 = from the newest; then
    /// <see cref="HistoryPage.NextBefore"/> of the previous page). Throws <see cref="ChatException"/> (e.g.
    /// <see cref="ChatErrorCode.UnknownRecipient"/>) when the server refuses.
    /// </summary>
    public Task<HistoryPage> GetHistoryAsync(string peer, ulong before = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        ValidateUserName(peer);
        return HistoryAsync(HistoryKind.Conversation, peer, before, limit, cancellationToken);
    }

    /// <summary>As <see cref="GetHistoryAsync"/> for group <paramref name="group"/>: what this member was given and its own posts, by group sequence.</summary>
    public Task<HistoryPage> GetGroupHistoryAsync(string group, ulong before = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        ValidateUserName(group);
        return HistoryAsync(HistoryKind.Group, group, before, limit, cancellationToken);
    }

    /// <summary>Every session of this user, oldest login first (fetched page by page); <see cref="SessionInfo.Current"/> marks this one.</summary>
    public async Task<IReadOnlyList<SessionInfo>> ListSessionsAsync(CancellationToken cancellationToken = default)
    {
        var sessions = new List<SessionInfo>();
        for (int page = 0; page < MaxSessionPages; page++)
        {
            byte offset = (byte)Math.Min(sessions.Count, byte.MaxValue);
            byte[] reply = await SessionRequestAsync(ChatMessageType.SessionsList, id => Body(b => SessionsCodec.WriteSessionsList(b, new SessionsListBody(id, offset))), cancellationToken).ConfigureAwait(false);
            ThrowIfRefused(reply, "listing sessions");
            if (!SessionsCodec.TryReadSessionsPage(reply, out SessionsPage found))
            {
                throw new ChatException(ChatErrorCode.Malformed, "the server's session list is malformed");
            }

            sessions.AddRange(found.Sessions);
            if (found.Sessions.Count == 0 || sessions.Count >= found.Total)
            {
                break;
            }
        }

        return sessions;
    }

    /// <summary>Ends session <paramref name="sessionId"/> of this user; <see cref="ChatErrorCode.UnknownSession"/> when there is none.</summary>
    public async Task EndSessionAsync(ulong sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sessionId);
        byte[] reply = await SessionRequestAsync(ChatMessageType.SessionEnd, id => Body(b => SessionsCodec.WriteSessionEnd(b, new SessionEndBody(id, sessionId))), cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(reply, $"ending session {sessionId:x16}");
    }

    private async Task<HistoryPage> HistoryAsync(HistoryKind kind, string name, ulong before, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, SessionsCodec.MaxHistoryLimit);
        byte[] answer = await SessionRequestAsync(
            ChatMessageType.HistoryRequest, id => Body(b => SessionsCodec.WriteHistoryRequest(b, new HistoryRequestBody(id, kind, name, before, (byte)limit))), cancellationToken).ConfigureAwait(false);
        if (!SessionsCodec.TryDecodeHistoryPage(answer, out HistoryPage page))
        {
            ThrowIfRefused(answer, $"history of '{name}'"); // a server that answered with a bare REPLY
            throw new ChatException(ChatErrorCode.Malformed, "the server's history page is malformed");
        }

        if (page.Code != ChatErrorCode.None)
        {
            throw new ChatException(page.Code, $"history of '{name}' refused by the server: {page.Code}");
        }

        return page;
    }

    /// <summary>
    /// A HISTORY_DATA fragment: acknowledged, reassembled; a complete page answers the history request waiting for its
    /// id (a late copy of an older page is acknowledged and dropped). Under <see cref="_gate"/>.
    /// </summary>
    private bool HandleHistoryData(ReadOnlySpan<byte> body)
    {
        if (!SessionBodyCodec.TryReadData(body, out DataFragment fragment))
        {
            return false;
        }

        var id = new Guid(fragment.MessageId, bigEndian: true);
        SendAck(id, fragment.Index);
        byte[]? envelope = _pages.Add(id, fragment.Index, fragment.Count, fragment.Chunk);
        if (envelope is null)
        {
            return true;
        }

        if (!SessionsCodec.TryDecodeHistoryPage(envelope, out HistoryPage page))
        {
            return false;
        }

        if (_awaitedReply is not null && page.RequestId == _awaitedRequestId)
        {
            _awaitedReply.TrySetResult(envelope);
        }

        return true;
    }

    /// <summary>READ_SYNC: acknowledged every time (the server resends until it hears this), reported once per message. Under <see cref="_gate"/>.</summary>
    private bool HandleReadSync(ReadOnlySpan<byte> body)
    {
        if (!SessionsCodec.TryReadReadSync(body, out ReadSyncBody sync))
        {
            return false;
        }

        SendAck(sync.MessageId, SessionsCodec.ReadSyncAckIndex);
        if (_readElsewhere.Add(sync.MessageId))
        {
            _readEvents.Add(new ReadElsewhereEventArgs(sync.MessageId, sync.LogSequence, DateTimeOffset.FromUnixTimeMilliseconds(sync.ReadAtUnixMilliseconds)));
        }

        return true;
    }

    /// <summary>Raises <see cref="ReadElsewhere"/> for what the last datagram brought, outside the lock.</summary>
    private void RaiseReadEvents()
    {
        ReadElsewhereEventArgs[] raised;
        lock (_gate)
        {
            if (_readEvents.Count == 0)
            {
                return;
            }

            raised = [.. _readEvents];
            _readEvents.Clear();
        }

        foreach (ReadElsewhereEventArgs read in raised)
        {
            SubscriberIsolation.Raise(ReadElsewhere, this, read, _options.Logger, nameof(ReadElsewhere));
        }
    }
}
