using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// The server-side contact list (CONTACT_ADD, CONTACT_REMOVE, CONTACT_LIST): decodes a request into a
/// <see cref="ContactRequestItem"/> for the store worker (or answers an invalid name at once), and writes the REPLY
/// body when the item completes. A store failure is reported and answered with StoreUnavailable. It never calls the
/// store; sending, remembering replies and presence pushes stay with <see cref="PresenceRelay"/>. Not thread-safe: the
/// chat handler's lock.
/// </summary>
internal sealed class ContactResponder
{
    private readonly int _maxContacts;
    private readonly ChatCounters _counters;
    private readonly Action<ChatStoreException> _storeFailed;

    public ContactResponder(int maxContacts, ChatCounters counters, Action<ChatStoreException> storeFailed)
    {
        _maxContacts = maxContacts;
        _counters = counters;
        _storeFailed = storeFailed;
    }

    /// <summary>
    /// A contact request of <paramref name="session"/>: -1 when the body is malformed; the REPLY's length in
    /// <paramref name="replyBody"/> when it is answered without the store (a CONTACT_ADD of an invalid name or of oneself);
    /// else 0 and the store item in <paramref name="item"/>.
    /// </summary>
    public int Start(ChatMessageType type, ChatSession session, ReadOnlySpan<byte> body, Span<byte> replyBody, Instant now, out ContactRequestItem item)
    {
        item = default;
        if (type == ChatMessageType.ContactList)
        {
            if (!PresenceCodec.TryReadContactList(body, out ContactListBody list))
            {
                return -1;
            }

            item = new ContactRequestItem(session, type, list.RequestId, "", list.Offset, _maxContacts, now);
            return 0;
        }

        if (!PresenceCodec.TryReadContactChange(body, out ContactChangeBody change))
        {
            return -1;
        }

        if (type == ChatMessageType.ContactAdd
            && (!ChatUserName.IsValid(change.Contact) || string.Equals(change.Contact, session.User, StringComparison.Ordinal)))
        {
            return PresenceCodec.WriteReply(replyBody, new ReplyHeader(change.RequestId, ChatErrorCode.BadUserName));
        }

        item = new ContactRequestItem(session, type, change.RequestId, change.Contact, 0, _maxContacts, now);
        return 0;
    }

    /// <summary>
    /// The REPLY of a completed <paramref name="item"/> written into <paramref name="replyBody"/> (its length);
    /// <paramref name="added"/> names the contact when a CONTACT_ADD grew the list (its presence is due to the owner).
    /// </summary>
    public int Finish(in ContactRequestItem item, Span<byte> replyBody, out string? added)
    {
        added = null;
        if (item.Failure is { } failure)
        {
            _storeFailed(failure);
            return PresenceCodec.WriteReply(replyBody, new ReplyHeader(item.RequestId, ChatErrorCode.StoreUnavailable));
        }

        if (item.Type == ChatMessageType.ContactList)
        {
            return PresenceCodec.WriteContactPage(replyBody, item.RequestId, item.Page ?? [], item.Offset);
        }

        if (item.Changed)
        {
            bool isAdd = item.Type == ChatMessageType.ContactAdd;
            _counters.Increment(isAdd ? PresenceEvents.ContactAdded : PresenceEvents.ContactRemoved);
            added = isAdd ? item.Contact : null;
        }

        return PresenceCodec.WriteReply(replyBody, new ReplyHeader(item.RequestId, item.Code));
    }
}
