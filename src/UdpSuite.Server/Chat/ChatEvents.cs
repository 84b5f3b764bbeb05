namespace UdpSuite.Server.Chat;

/// <summary>Things the relay counts besides drops; the <c>event</c> tag of <c>udpsuite.server.chat.events</c>.</summary>
internal static class ChatEvents
{
    public const string Registered = "registered";
    public const string RegisterRefused = "register-refused";
    public const string LoggedIn = "logged-in";
    public const string AuthenticationFailed = "auth-failed";
    public const string LoginRefused = "login-refused";
    public const string LoggedOut = "logged-out";
    public const string SessionExpired = "session-expired";
    /// <summary>A session ended because a datagram sent to it stayed unacknowledged for Chat:RetransmitGiveUp.</summary>
    public const string RetransmitGaveUp = "retransmit-gave-up";
    /// <summary>A login at the per-user cap ended the user's least recently active transient session.</summary>
    public const string SessionReplaced = "session-replaced";
    /// <summary>A session was ended by another session of its user (SESSION_END).</summary>
    public const string SessionEnded = "session-ended";
    public const string Committed = "committed";
    public const string DuplicateSubmission = "duplicate-submission";
    public const string Rejected = "rejected";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string StoreError = "store-error";
    public const string Retransmitted = "retransmitted";
    public const string PathChallengeSent = "path-challenge-sent";
    public const string PathValidated = "path-validated";
}
