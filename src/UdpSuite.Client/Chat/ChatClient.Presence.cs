using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Presence and server-side contacts (docs/PROTOCOL.md, "Presence and contacts"): requests with an id (PRESENCE_SET,
/// CONTACT_ADD/REMOVE/LIST), one at a time, retransmitted with the RTO until their REPLY; and PRESENCE pushes, each
/// acknowledged and applied once (by version), then reported through <see cref="PresenceChanged"/>.
/// </summary>
public sealed partial class ChatClient
{
    private const int MaxContactPages = 1024;
    private readonly Dictionary<string, ContactPresence> _presence = new(StringComparer.Ordinal);
    private readonly List<ContactPresence> _presenceEvents = [];
    private readonly SemaphoreSlim _requestTurn = new(1, 1);
    private uint _lastRequestId;
    private uint _awaitedRequestId;
    private TaskCompletionSource<byte[]>? _awaitedReply;

    /// <summary>
    /// A watched user's presence changed, or became known (the server sends the presence of every contact at login).
    /// Raised once per change, in order per user, on the receive thread: handlers must return quickly (a UI marshals to its own thread).
    /// Reports raised before a handler subscribed are not repeated to it: read <see cref="KnownPresence"/> after subscribing
    /// for everything known so far (the snapshot the login brought included); versions tell which of the two is newer.
    /// </summary>
    public event EventHandler<PresenceChangedEventArgs>? PresenceChanged;

    /// <summary>The last known presence of every user the server reported on (a copy).</summary>
    public IReadOnlyDictionary<string, ContactPresence> KnownPresence
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, ContactPresence>(_presence, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The last known presence of <paramref name="user"/>, or null when the server has not reported on it.</summary>
    public ContactPresence? PresenceOf(string user)
    {
        lock (_gate)
        {
            return _presence.GetValueOrDefault(user);
        }
    }

    /// <summary>
    /// Chooses how others see this user: online (the default; away after a while without activity), away, or offline
    /// (appear offline while logged in), with an optional status text (at most 128 bytes of UTF-8). The choice stays with
    /// the account on the server until changed (not across server restarts).
    /// </summary>
    public async Task SetPresenceAsync(PresenceState state, string? status = null, CancellationToken cancellationToken = default)
    {
        string text = status ?? string.Empty;
        if (!Enum.IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "not a presence state");
        }

        if (!PresenceCodec.IsValidStatus(text))
        {
            throw new ArgumentException($"a status text is at most {PresenceCodec.MaxStatusBytes} bytes of UTF-8 without control characters", nameof(status));
        }

        byte[] reply = await SessionRequestAsync(ChatMessageType.PresenceSet, id => Body(b => PresenceCodec.WritePresenceSet(b, new PresenceSetBody(id, state, text))), cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(reply, "presence");
    }

    /// <summary>Adds <paramref name="user"/> to this user's server-side contacts (done already is fine); its presence follows.</summary>
    public async Task AddContactAsync(string user, CancellationToken cancellationToken = default)
    {
        ValidateUserName(user);
        byte[] reply = await SessionRequestAsync(ChatMessageType.ContactAdd, id => Body(b => PresenceCodec.WriteContactChange(b, new ContactChangeBody(id, user))), cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(reply, $"adding contact '{user}'");
    }

    /// <summary>Removes <paramref name="user"/> from this user's server-side contacts (absent already is fine).</summary>
    public async Task RemoveContactAsync(string user, CancellationToken cancellationToken = default)
    {
        ValidateUserName(user);
        byte[] reply = await SessionRequestAsync(ChatMessageType.ContactRemove, id => Body(b => PresenceCodec.WriteContactChange(b, new ContactChangeBody(id, user))), cancellationToken).ConfigureAwait(false);
        ThrowIfRefused(reply, $"removing contact '{user}'");
        lock (_gate)
        {
            _presence.Remove(user);
        }
    }

    /// <summary>This user's server-side contacts, sorted by name (fetched page by page).</summary>
    public async Task<IReadOnlyList<string>> ListContactsAsync(CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        for (int page = 0; page < MaxContactPages; page++)
        {
            ushort offset = (ushort)Math.Min(names.Count, ushort.MaxValue);
            byte[] reply = await SessionRequestAsync(ChatMessageType.ContactList, id => Body(b => PresenceCodec.WriteContactList(b, new ContactListBody(id, offset))), cancellationToken).ConfigureAwait(false);
            ThrowIfRefused(reply, "listing contacts");
            if (!PresenceCodec.TryReadContactPage(reply, out ContactPage contacts))
            {
                throw new ChatException(ChatErrorCode.Malformed, "the server's contact list is malformed");
            }

            names.AddRange(contacts.Names);
            if (contacts.Names.Count == 0 || names.Count >= contacts.Total)
            {
                break;
            }
        }

        return names;
    }

    /// <summary>
    /// Adds to the server-side contacts every account in <paramref name="accounts"/> that is not there yet (for example the
    /// accounts of the address book, contacts.json); never removes any. Returns the accounts added. Unknown accounts are skipped.
    /// </summary>
    public async Task<IReadOnlyList<string>> SyncContactsAsync(IEnumerable<string> accounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var existing = new HashSet<string>(await ListContactsAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var added = new List<string>();
        foreach (string account in accounts)
        {
            if (!ChatUserName.IsValid(account) || string.Equals(account, UserName, StringComparison.Ordinal) || !existing.Add(account))
            {
                continue;
            }

            try
            {
                await AddContactAsync(account, cancellationToken).ConfigureAwait(false);
                added.Add(account);
            }
            catch (ChatException ex) when (ex.Code == ChatErrorCode.UnknownRecipient)
            {
                // An address-book entry without an account on this server.
            }
        }

        return added;
    }

    private static byte[] Body(Func<byte[], int> write)
    {
        var body = new byte[ChannelWire.MaxSealedBody];
        return body[..write(body)];
    }

    /// <summary>Sends one request (a fresh id, above every earlier one) and resends it with backoff until its REPLY or the handshake timeout.</summary>
    private async Task<byte[]> SessionRequestAsync(ChatMessageType type, Func<uint, byte[]> build, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _requestTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            byte[] body;
            lock (_gate)
            {
                RequireSession();
                _awaitedRequestId = ++_lastRequestId;
                _awaitedReply = reply;
                body = build(_awaitedRequestId);
            }

            long started = _time.GetTimestamp();
            for (int sends = 0; ; sends++)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    RequireSession();
                    body.CopyTo(_sendBody);
                    SendSecure(type, body.Length);
                    wait = TimeSpan.FromTicks(RetransmissionTimer.WaitTicks(_rto.Timeout, sends + 1));
                }

                TimeSpan left = _options.HandshakeTimeout - _time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw new ChatTimeoutException($"no answer to {type} from {Server} within {_options.HandshakeTimeout.TotalSeconds:0.#} s");
                }

                Task delay = Task.Delay(wait < left ? wait : left, _time, cancellationToken);
                if (await Task.WhenAny(reply.Task, delay).ConfigureAwait(false) == reply.Task)
                {
                    return await reply.Task.ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (_gate)
            {
                _awaitedReply = null;
            }

            _requestTurn.Release();
        }
    }

    private static void ThrowIfRefused(byte[] reply, string what)
    {
        if (PresenceCodec.TryReadReplyHeader(reply, out ReplyHeader header) && header.Code != ChatErrorCode.None)
        {
            string why = header.Code switch
            {
                ChatErrorCode.UnknownRecipient => "no such user",
                ChatErrorCode.BadUserName => "not a valid contact",
                ChatErrorCode.TooManyContacts => "too many contacts",
                ChatErrorCode.StoreUnavailable => "the server's store is unavailable",
                _ => "refused",
            };
            throw new ChatException(header.Code, $"{what} refused by the server: {header.Code} ({why})");
        }
    }

    /// <summary>REPLY: completes the request waiting for that id; late duplicates and answers to older requests are ignored. Under <see cref="_gate"/>.</summary>
    private bool HandleReply(ReadOnlySpan<byte> body)
    {
        if (!PresenceCodec.TryReadReplyHeader(body, out ReplyHeader header))
        {
            return false;
        }

        if (_awaitedReply is not null && header.RequestId == _awaitedRequestId)
        {
            _awaitedReply.TrySetResult(body.ToArray());
        }

        return true;
    }

    /// <summary>PRESENCE: acknowledged every time (the server resends until it hears this), applied and reported once per newer version. Under <see cref="_gate"/>.</summary>
    private bool HandlePresence(ReadOnlySpan<byte> body)
    {
        if (!PresenceCodec.TryReadPresence(body, out PresenceBody push))
        {
            return false;
        }

        int ackLength = PresenceCodec.WritePresenceAck(_sendBody, new PresenceAckBody(push.User, push.Version));
        SendSecure(ChatMessageType.PresenceAck, ackLength);
        if (_presence.TryGetValue(push.User, out ContactPresence? known) ? push.Version <= known.Version : _presence.Count >= TrackedCapacity)
        {
            return true; // a duplicate, or older than what is shown
        }

        var presence = new ContactPresence(push.User, push.State, push.Status, DateTimeOffset.FromUnixTimeMilliseconds(push.SinceUnixMilliseconds), push.Version);
        _presence[push.User] = presence;
        _presenceEvents.Add(presence);
        return true;
    }

    /// <summary>Raises <see cref="PresenceChanged"/> for what the last datagram changed, outside the lock.</summary>
    private void RaisePresenceEvents()
    {
        ContactPresence[] raised;
        lock (_gate)
        {
            if (_presenceEvents.Count == 0)
            {
                return;
            }

            raised = [.. _presenceEvents];
            _presenceEvents.Clear();
        }

        foreach (ContactPresence presence in raised)
        {
            SubscriberIsolation.Raise(PresenceChanged, this, new PresenceChangedEventArgs(presence), _options.Logger, nameof(PresenceChanged));
        }
    }
}
