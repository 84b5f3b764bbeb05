namespace UdpSuite.Protocol.Chat;

/// <summary>Error codes carried by ERROR (unauthenticated) and REJECT (authenticated) datagrams.</summary>
public enum ChatErrorCode : ushort
{
    None = 0,
    Malformed = 1,
    UnsupportedVersion = 2,
    HelloTooShort = 3,
    UserExists = 4,
    BadUserName = 5,
    AuthenticationFailed = 6,
    UnknownSession = 7,
    UnknownRecipient = 8,
    MessageTooLarge = 9,
    StoreUnavailable = 10,
    LoginExpired = 11,
    TooManyPending = 12,
    SlowDown = 13,

    /// <summary>REGISTER with Argon2id parameters below the server's floor (version 2).</summary>
    WeakPasswordHash = 14,

    /// <summary>The account was stored by protocol version 1 (PBKDF2): it must register again (version 2).</summary>
    ReRegistrationRequired = 15,

    /// <summary>This server creates no accounts (its operator closed registration); existing accounts still log in.</summary>
    RegistrationClosed = 16,

    // Groups (0x20 up, like their message types).

    /// <summary>No group of that name.</summary>
    UnknownGroup = 0x20,

    /// <summary>The user is not a member of the group (cannot post, list members or leave it).</summary>
    NotGroupMember = 0x21,

    /// <summary>A group of that name exists already (create, rename).</summary>
    GroupExists = 0x22,

    /// <summary>The group needs an invite code to join and the one given is missing or wrong.</summary>
    BadInviteCode = 0x23,

    /// <summary>Only the group's owner may do that (rename).</summary>
    NotGroupOwner = 0x24,

    /// <summary>The group has its maximum of members, or the user is in the maximum of groups.</summary>
    GroupFull = 0x25,

    /// <summary>The group name (or invite code) breaks the naming rules.</summary>
    BadGroupName = 0x26,
    /// <summary>CONTACT_ADD refused: the user has the most server-side contacts allowed (0x30: presence and contacts range).</summary>
    TooManyContacts = 48,
}
