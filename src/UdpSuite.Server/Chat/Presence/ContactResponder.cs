using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Presence;

/// <summary>
/// The server-side contact list (CONTACT_ADD, CONTACT_REMOVE, CONTACT_LIST): decodes a request, changes or reads the
/// <see cref="IContactStore"/>, and writes the REPLY body. A store failure is reported and answered with
/// StoreUnavailable. Sending, remembering replies and presence pushes stay with <see cref="PresenceRelay"/>. Not
/// thread-safe: the chat handler's lock.
/// </summary>
internal sealed class ContactResponder
{
    private readonly IChatStore _accounts;
    private readonly IContactStore _contacts;
    private readonly int _maxContacts;
    private readonly ChatCounters _counters;
    private readonly Action<ChatStoreException> _storeFailed;

    public ContactResponder(IChatStore accounts, IContactStore contacts, int maxContacts, ChatCounters counters, Action<ChatStoreException> storeFailed)
    {
        _accounts = accounts;
        _contacts = contacts;
        _maxContacts = maxContacts;
        _counters = counters;
        _storeFailed = storeFailed;
    }

    /// <summary>
    /// CONTACT_ADD from <paramref name="owner"/>: the REPLY's length in <paramref name="replyBody"/>, or -1 when the body
    /// is malformed. <paramref name="added"/> names the contact when the list gained it (its presence is due to the owner).
    /// </summary>
    public int Add(string owner, ReadOnlySpan<byte> body, Span<byte> replyBody, Instant now, out string? added)
    {
        added = null;
        if (!PresenceCodec.TryReadContactChange(body, out ContactChangeBody add))
        {
            return -1;
        }

        ChatErrorCode code;
        try
        {
            code = !ChatUserName.IsValid(add.Contact) || string.Equals(add.Contact, owner, StringComparison.Ordinal) ? ChatErrorCode.BadUserName
                : AtContactLimit(owner, add.Contact) ? ChatErrorCode.TooManyContacts
                : ChatErrorCode.None;
            if (code == ChatErrorCode.None && _accounts.FindUser(add.Contact) is null)
            {
                code = ChatErrorCode.UnknownRecipient;
            }

            if (code == ChatErrorCode.None && _contacts.AddContact(owner, add.Contact, now))
            {
                _counters.Increment(PresenceEvents.ContactAdded);
                added = add.Contact;
            }
        }
        catch (ChatStoreException ex)
        {
            _storeFailed(ex);
            code = ChatErrorCode.StoreUnavailable;
        }

        return PresenceCodec.WriteReply(replyBody, new ReplyHeader(add.RequestId, code));
    }

    /// <summary>CONTACT_REMOVE from <paramref name="owner"/>: the REPLY's length, or -1 when the body is malformed.</summary>
    public int Remove(string owner, ReadOnlySpan<byte> body, Span<byte> replyBody)
    {
        if (!PresenceCodec.TryReadContactChange(body, out ContactChangeBody remove))
        {
            return -1;
        }

        ChatErrorCode code = ChatErrorCode.None;
        try
        {
            if (_contacts.RemoveContact(owner, remove.Contact))
            {
                _counters.Increment(PresenceEvents.ContactRemoved);
            }
        }
        catch (ChatStoreException ex)
        {
            _storeFailed(ex);
            code = ChatErrorCode.StoreUnavailable;
        }

        return PresenceCodec.WriteReply(replyBody, new ReplyHeader(remove.RequestId, code));
    }

    /// <summary>CONTACT_LIST from <paramref name="owner"/>: one page of the list as the REPLY, or -1 when the body is malformed.</summary>
    public int List(string owner, ReadOnlySpan<byte> body, Span<byte> replyBody)
    {
        if (!PresenceCodec.TryReadContactList(body, out ContactListBody list))
        {
            return -1;
        }

        try
        {
            return PresenceCodec.WriteContactPage(replyBody, list.RequestId, _contacts.Contacts(owner), list.Offset);
        }
        catch (ChatStoreException ex)
        {
            _storeFailed(ex);
            return PresenceCodec.WriteReply(replyBody, new ReplyHeader(list.RequestId, ChatErrorCode.StoreUnavailable));
        }
    }

    /// <summary>True when <paramref name="owner"/> has the most contacts allowed and <paramref name="contact"/> is not one (adding it again is fine).</summary>
    private bool AtContactLimit(string owner, string contact) =>
        _contacts.ContactCount(owner) >= _maxContacts && !_contacts.Contacts(owner).Contains(contact, StringComparer.Ordinal);
}
