namespace UdpSuite.Protocol.Security.Channel;

/// <summary>
/// Inner types of sealed datagrams that exist only in version 2 (0x01-0x09; version 2 never seals version 1's clear
/// handshake types, whose numbers these reuse). The version-1 session types (<c>ChatMessageType</c> 0x10 and up) are
/// sealed with their own numbers.
/// </summary>
public enum ChannelMessageType : byte
{
    /// <summary>C→S: user name; the server answers LOGIN_PARAMS.</summary>
    LoginStart = 0x01,

    /// <summary>S→C: salt and Argon2id parameters of the account (a decoy for unknown names).</summary>
    LoginParams = 0x02,

    /// <summary>C→S: user name and client proof bound to the handshake hash.</summary>
    LoginProof = 0x03,

    /// <summary>S→C: server signature; the session is now the user's.</summary>
    Welcome = 0x04,

    /// <summary>C→S: user name and the verifier (salt, parameters, StoredKey, ServerKey); never the password.</summary>
    Register = 0x05,

    /// <summary>S→C: the account was created.</summary>
    Registered = 0x06,

    /// <summary>S→C: error code and short text, sealed.</summary>
    Error = 0x07,

    /// <summary>Both ways: 8 random bytes the receiver must echo from the address it got them on.</summary>
    PathChallenge = 0x08,

    /// <summary>Both ways: the echoed PATH_CHALLENGE data.</summary>
    PathResponse = 0x09,
}
