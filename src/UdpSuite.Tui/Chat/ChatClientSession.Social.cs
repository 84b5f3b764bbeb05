using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Tui.Chat;

// Groups, server-side contacts and presence: forwarded to the client library, cancelled when the session closes.
public sealed partial class ChatClientSession
{
    public event EventHandler<string>? AccountUnknown;

    public OutgoingMessage SendToGroup(Guid messageId, string group, string text)
    {
        // Queuing never waits, as for Send.
        OutgoingMessage message = _client.SendToGroupAsync(messageId, group, text, Timeout.InfiniteTimeSpan, _stop.Token).GetAwaiter().GetResult();
        Track(message);
        message.GroupCountsChanged += (_, _) =>
        {
            if (!_closing)
            {
                DeliveryChanged?.Invoke(this, message);
            }
        };
        return message;
    }

    public Task<IReadOnlyList<GroupSummary>> ListGroupsAsync() => _client.ListGroupsAsync(_stop.Token);

    public Task<IReadOnlyList<GroupMember>> GroupMembersAsync(string group) => _client.GetGroupMembersAsync(group, _stop.Token);

    public Task CreateGroupAsync(string group, string? inviteCode) => _client.CreateGroupAsync(group, string.IsNullOrEmpty(inviteCode) ? null : inviteCode, _stop.Token);

    public Task JoinGroupAsync(string group, string? inviteCode) => _client.JoinGroupAsync(group, string.IsNullOrEmpty(inviteCode) ? null : inviteCode, _stop.Token);

    public Task LeaveGroupAsync(string group) => _client.LeaveGroupAsync(group, _stop.Token);

    public Task RenameGroupAsync(string group, string newName) => _client.RenameGroupAsync(group, newName, _stop.Token);

    public Task<IReadOnlyList<string>> ListContactsAsync() => _client.ListContactsAsync(_stop.Token);

    public async Task AddContactAsync(string account)
    {
        try
        {
            await _client.AddContactAsync(account, _stop.Token).ConfigureAwait(false);
        }
        catch (ChatException ex) when (ex.Code == ChatErrorCode.UnknownRecipient)
        {
            AccountUnknown?.Invoke(this, account);
            throw;
        }
    }

    public Task RemoveContactAsync(string account) => _client.RemoveContactAsync(account, _stop.Token);

    public Task SetPresenceAsync(PresenceState state, string status) => _client.SetPresenceAsync(state, status, _stop.Token);
}
