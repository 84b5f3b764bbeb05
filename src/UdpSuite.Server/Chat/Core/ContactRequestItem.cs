using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// A CONTACT_ADD, CONTACT_REMOVE or CONTACT_LIST (<see cref="Type"/>) of <see cref="Session"/> with request id
/// <see cref="RequestId"/>, its body already checked by the core: <see cref="Contact"/> to add or remove, or the page
/// <see cref="Offset"/> to list; <see cref="MaxContacts"/> bounds a list. The outcome is <see cref="Code"/> with
/// <see cref="Changed"/> (the list gained or lost the contact) or <see cref="Page"/>, or a <see cref="Failure"/>; the core
/// writes, remembers and sends the REPLY when it completes.
/// </summary>
internal readonly record struct ContactRequestItem(ChatSession Session, ChatMessageType Type, uint RequestId, string Contact, ushort Offset, int MaxContacts, Instant At)
{
    public ChatErrorCode Code { get; init; }

    public bool Changed { get; init; }

    public IReadOnlyList<string>? Page { get; init; }

    public ChatStoreException? Failure { get; init; }

    /// <summary>Runs the request against <paramref name="store"/> (on the store worker); a store failure fails the item.</summary>
    public ContactRequestItem Run(IChatStore store)
    {
        IContactStore contacts = store as IContactStore ?? NoContactStore.Instance;
        string owner = Session.User;
        try
        {
            switch (Type)
            {
                case ChatMessageType.ContactAdd:
                    // Adding a contact already on the list is fine at the limit.
                    if (contacts.ContactCount(owner) >= MaxContacts && !contacts.Contacts(owner).Contains(Contact, StringComparer.Ordinal))
                    {
                        return this with { Code = ChatErrorCode.TooManyContacts };
                    }

                    return store.FindUser(Contact) is null
                        ? this with { Code = ChatErrorCode.UnknownRecipient }
                        : this with { Changed = contacts.AddContact(owner, Contact, At) };
                case ChatMessageType.ContactRemove:
                    return this with { Changed = contacts.RemoveContact(owner, Contact) };
                default:
                    return this with { Page = contacts.Contacts(owner) };
            }
        }
        catch (ChatStoreException ex)
        {
            return this with { Failure = ex };
        }
    }
}
