namespace UdpSuite.Client.Chat;

/// <summary>The presence audience rule on the client side (docs/PROTOCOL.md, "The audience rule").</summary>
public sealed partial class ChatClient
{
    /// <summary>
    /// Everyone whose presence this user sees, by the server's one rule: its server-side contacts and the co-members of
    /// its groups, each once, sorted (ordinal), never the user itself. These are the users whose presence the server
    /// sends at login and pushes afterwards; <c>udpsuite presence</c>, <c>Get-ChatPresence</c> and the full-screen client
    /// list them. A group that disappears between listing and asking for its members is skipped.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListWatchedAsync(CancellationToken cancellationToken = default)
    {
        var watched = new SortedSet<string>(await ListContactsAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        foreach (GroupSummary group in await ListGroupsAsync(cancellationToken).ConfigureAwait(false))
        {
            IReadOnlyList<GroupMember> members;
            try
            {
                members = await GetGroupMembersAsync(group.Name, cancellationToken).ConfigureAwait(false);
            }
            catch (ChatException ex) when (ex.Code is Protocol.Chat.ChatErrorCode.UnknownGroup or Protocol.Chat.ChatErrorCode.NotGroupMember)
            {
                continue; // renamed, dissolved or left meanwhile
            }

            watched.UnionWith(members.Select(m => m.Name));
        }

        string? self = UserName;
        if (self is not null)
        {
            watched.Remove(self);
        }

        return [.. watched];
    }
}
