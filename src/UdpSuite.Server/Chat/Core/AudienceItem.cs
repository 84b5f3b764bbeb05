using UdpSuite.Server.Chat.Presence;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// A read of the presence audience (<see cref="IPresenceAudience"/>, which reads contacts and group co-members from the
/// store, so it runs on the store worker): with <see cref="Starting"/>, whom that new session watches (its login
/// snapshot); else who watches <see cref="Changed"/>'s user (the push of that change). The outcome is <see cref="Users"/>
/// or a <see cref="Failure"/>; the core queues the pushes when it completes.
/// </summary>
internal readonly record struct AudienceItem(IPresenceAudience Audience, ChatSession? Starting, PresenceInfo Changed)
{
    public IReadOnlyCollection<string>? Users { get; init; }

    /// <summary>The change was the user's own choice: the user's sessions are pushed it too (the user watches itself).</summary>
    public bool ToSelf { get; init; }

    public ChatStoreException? Failure { get; init; }

    /// <summary>Reads the audience (on the store worker); a store failure fails the item.</summary>
    public AudienceItem Run()
    {
        try
        {
            return this with { Users = Starting is { } session ? Audience.WatchedBy(session.User) : Audience.WatchersOf(Changed.User) };
        }
        catch (ChatStoreException ex)
        {
            return this with { Failure = ex };
        }
    }
}
