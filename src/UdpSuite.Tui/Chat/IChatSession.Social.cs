using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Chat;

// Groups, server-side contacts and this user's own presence: requests that go to the server and wait for its answer.
// Each throws ChatException when the server refuses (the message says why) or ChatTimeoutException when it is silent.
public partial interface IChatSession
{
    /// <summary>Raised when the server said an account the user wanted to watch or write to does not exist.</summary>
    event EventHandler<string>? AccountUnknown;

    /// <summary>Queues <paramref name="text"/> for the group <paramref name="group"/> under <paramref name="messageId"/>, as <see cref="Send"/> does for a person.</summary>
    OutgoingMessage SendToGroup(Guid messageId, string group, string text);

    /// <summary>The groups this user belongs to.</summary>
    Task<IReadOnlyList<GroupSummary>> ListGroupsAsync();

    /// <summary>The members of <paramref name="group"/>, in the order they joined.</summary>
    Task<IReadOnlyList<GroupMember>> GroupMembersAsync(string group);

    /// <summary>Creates <paramref name="group"/> (this user owns it); with an <paramref name="inviteCode"/>, joining needs it.</summary>
    Task CreateGroupAsync(string group, string? inviteCode);

    /// <summary>Joins <paramref name="group"/> with its invite code when it has one.</summary>
    Task JoinGroupAsync(string group, string? inviteCode);

    /// <summary>Leaves <paramref name="group"/>.</summary>
    Task LeaveGroupAsync(string group);

    /// <summary>Renames <paramref name="group"/> (owner only).</summary>
    Task RenameGroupAsync(string group, string newName);

    /// <summary>This user's server-side contacts (the accounts whose presence the server reports).</summary>
    Task<IReadOnlyList<string>> ListContactsAsync();

    /// <summary>Adds <paramref name="account"/> to the server-side contacts; <see cref="ChatErrorCode.UnknownRecipient"/> when it does not exist.</summary>
    Task AddContactAsync(string account);

    /// <summary>Removes <paramref name="account"/> from the server-side contacts.</summary>
    Task RemoveContactAsync(string account);

    /// <summary>How others see this user: online, away, or offline (appear offline while logged in), with a status text.</summary>
    Task SetPresenceAsync(PresenceState state, string status);
}
