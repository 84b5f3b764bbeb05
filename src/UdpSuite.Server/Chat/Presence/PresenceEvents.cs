namespace UdpSuite.Server.Chat.Presence;

/// <summary>Presence counters (same <c>udpsuite.server.chat.events</c> instrument as <see cref="ChatEvents"/>).</summary>
internal static class PresenceEvents
{
    /// <summary>A user's published presence changed.</summary>
    public const string Changed = "presence-changed";

    /// <summary>A PRESENCE push was sent for the first time (retransmissions are not counted here).</summary>
    public const string Pushed = "presence-pushed";

    /// <summary>A PRESENCE push was sent again because its ACK had not arrived.</summary>
    public const string Retransmitted = "presence-retransmitted";

    /// <summary>A push was not queued because the watcher already had the maximum waiting (it gets the state at its next login).</summary>
    public const string PushDropped = "presence-push-dropped";

    public const string ContactAdded = "contact-added";
    public const string ContactRemoved = "contact-removed";

    /// <summary>A PRESENCE_SET or CONTACT_* request older than the session's last one (a late retransmission): dropped unanswered.</summary>
    public const string StaleRequest = "stale-request";
}
