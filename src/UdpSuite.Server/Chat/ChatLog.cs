using Microsoft.Extensions.Logging;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Server.Chat;

/// <summary>The chat listener's log lines (source-generated, so a disabled level costs no formatting or boxing).</summary>
internal static partial class ChatLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Registered chat user {User}")]
    public static partial void UserRegistered(this ILogger logger, string user);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Chat login failed for {User}: wrong proof")]
    public static partial void LoginFailed(this ILogger logger, string user);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Chat user {User} logged in (session {Session:x16})")]
    public static partial void LoggedIn(this ILogger logger, string user, ulong session);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Chat user {User} logged out")]
    public static partial void LoggedOut(this ILogger logger, string user);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Chat session of {User} expired after {Idle} s of silence")]
    public static partial void SessionExpired(this ILogger logger, string user, double idle);

    [LoggerMessage(EventId = 107, Level = LogLevel.Information, Message = "Chat session of {User} ended: a datagram sent to it stayed unacknowledged for {GiveUp} s (its undelivered messages wait in the store for the next login)")]
    public static partial void RetransmitGaveUp(this ILogger logger, string user, double giveUp);

    [LoggerMessage(EventId = 105, Level = LogLevel.Error, Message = "Chat store unavailable: {Reason}")]
    public static partial void StoreUnavailable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 132, Level = LogLevel.Information, Message = "Chat registration is open: anyone who reaches the chat port can create accounts (set Chat:Registration=closed, e.g. UDPSUITE_Chat__Registration=closed, to refuse new accounts)")]
    public static partial void RegistrationOpen(this ILogger logger);

    [LoggerMessage(EventId = 133, Level = LogLevel.Information, Message = "Chat registration is closed: new accounts are refused, existing ones log in (set Chat:Registration=open, e.g. UDPSUITE_Chat__Registration=open, to allow them)")]
    public static partial void RegistrationClosed(this ILogger logger);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "{Count} chat accounts were created by protocol version 1 (PBKDF2) and cannot log in any more: their users must register again (their stored messages are kept; until then anyone who registers such a name takes it)")]
    public static partial void LegacyAccounts(this ILogger logger, long count);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Chat group {Operation}: {User} {Group} {NewName}")]
    public static partial void GroupChanged(this ILogger logger, GroupOperation operation, string user, string group, string newName);

    [LoggerMessage(EventId = 120, Level = LogLevel.Debug, Message = "Presence of {User}: {State} (version {Version})")]
    public static partial void PresenceChanged(this ILogger logger, string user, PresenceState state, ulong version);

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Chat rate limit: source {Source} is over {PerSecond}/s; {Dropped} datagrams dropped from it so far")]
    public static partial void SourceOverLimit(this ILogger logger, System.Net.IPAddress source, int perSecond, long dropped);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "Chat rate limit: account {User} is over {PerSecond} DATA/s; {Dropped} fragments dropped from it so far")]
    public static partial void AccountOverLimit(this ILogger logger, string user, int perSecond, long dropped);
}
