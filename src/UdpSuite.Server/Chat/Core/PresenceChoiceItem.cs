using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>The presence <see cref="User"/> chose, to keep in the store (it survives re-logins and restarts).</summary>
internal readonly record struct PresenceChoiceItem(string User, PresenceChoice Choice)
{
    public ChatStoreException? Failure { get; init; }

    public PresenceChoiceItem Run(IDeviceLogStore? store)
    {
        try
        {
            store?.SavePresenceChoice(User, Choice);
            return this;
        }
        catch (ChatStoreException ex)
        {
            return this with { Failure = ex };
        }
    }
}
