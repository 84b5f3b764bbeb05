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

    /// <summary>CONTACT_ADD refused: the user has the most server-side contacts allowed (0x30: presence and contacts range).</summary>
    TooManyContacts = 48,
}
