using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// A GROUP_REQUEST of <see cref="Session"/> that needs the store (create, join, leave, rename, members, list), its names
/// already checked by the core; <see cref="InviteHash"/> is the invite code's HMAC (null for "no code"), computed by the
/// core so the worker needs no secret. The outcome is <see cref="Status"/> with <see cref="Entries"/>, or a
/// <see cref="Failure"/>; the core writes, remembers and sends the GROUP_RESULT when it completes.
/// </summary>
internal readonly record struct GroupRequestItem(ChatSession Session, GroupRequestBody Request, byte[]? InviteHash, Instant At)
{
    public ChatErrorCode Status { get; init; }

    public IReadOnlyList<GroupEntry>? Entries { get; init; }

    public ChatStoreException? Failure { get; init; }

    /// <summary>Runs the request against <paramref name="store"/> (on the store worker); a store failure fails the item.</summary>
    public GroupRequestItem Run(IChatStore store)
    {
        try
        {
            string user = Session.User;
            GroupRequestBody request = Request;
            switch (request.Operation)
            {
                case GroupOperation.Create:
                    return this with { Status = store.CreateGroup(request.Group, user, InviteHash, At), Entries = [] };
                case GroupOperation.Join:
                    return this with { Status = store.JoinGroup(request.Group, user, InviteHash, At), Entries = [] };
                case GroupOperation.Leave:
                    return this with { Status = store.LeaveGroup(request.Group, user), Entries = [] };
                case GroupOperation.Rename:
                    return this with { Status = store.RenameGroup(request.Group, request.NewName, user), Entries = [] };
                case GroupOperation.Members:
                    IReadOnlyList<GroupEntry>? members = store.GroupMembers(request.Group);
                    ChatErrorCode status = members is null ? ChatErrorCode.UnknownGroup
                        : !members.Any(m => string.Equals(m.Name, user, StringComparison.Ordinal)) ? ChatErrorCode.NotGroupMember
                        : ChatErrorCode.None;
                    return this with { Status = status, Entries = status == ChatErrorCode.None ? members! : [] };
                default: // List
                    return this with { Status = ChatErrorCode.None, Entries = store.GroupsOf(user) };
            }
        }
        catch (ChatStoreException ex)
        {
            return this with { Failure = ex };
        }
    }
}
