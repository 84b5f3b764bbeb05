namespace UdpSuite.Protocol.Chat;

/// <summary>
/// The fourth byte of a chat datagram. 0x01-0x0F travel without a session; 0x10 and up are authenticated
/// (session id, sequence number, MAC). Ranges left free for the social layer: 0x20-0x2F groups,
/// 0x30-0x3F presence and contacts, 0x40-0x4F discovery and rate-limit notices.
/// </summary>
public enum ChatMessageType : byte
{
    /// <summary>C→S, unauthenticated, padded to 1200 bytes: user name + client nonce. Starts a login.</summary>
    Hello = 0x01,

    /// <summary>S→C: both nonces, salt, iteration count.</summary>
    Challenge = 0x02,

    /// <summary>C→S: both nonces + SCRAM client proof.</summary>
    Proof = 0x03,

    /// <summary>S→C: session id + SCRAM server signature (the client checks the server knew the verifier).</summary>
    Welcome = 0x04,

    /// <summary>C→S: user name + SCRAM verifier (salt, iterations, StoredKey, ServerKey); never the password.</summary>
    Register = 0x05,

    /// <summary>S→C: the account was created.</summary>
    Registered = 0x06,

    /// <summary>S→C, unauthenticated: error code + short text.</summary>
    Error = 0x07,

    /// <summary>C→S, unauthenticated: "who are you?" — answered with <see cref="ProbeReply"/> (within 3x).</summary>
    Probe = 0x08,

    /// <summary>S→C: protocol version and server name.</summary>
    ProbeReply = 0x09,

    /// <summary>Both ways: one fragment of a message envelope.</summary>
    Data = 0x10,

    /// <summary>Both ways: acknowledges one DATA fragment, or (index 0xFF00 + state) one RECEIPT.</summary>
    Ack = 0x11,

    /// <summary>Both ways: a delivery state change of a message (sent / delivered / read).</summary>
    Receipt = 0x12,

    /// <summary>C→S keepalive; S→C answer is <see cref="Pong"/>.</summary>
    Ping = 0x13,

    Pong = 0x14,

    /// <summary>C→S: end the session now.</summary>
    Logout = 0x15,

    /// <summary>S→C: a message was refused (unknown recipient, too large, ...): message id + error code.</summary>
    Reject = 0x16,

    /// <summary>S→C: another session of the user read a message to the user (message id, log sequence, read at); ACK(id, 0xFE03).</summary>
    ReadSync = 0x17,

    /// <summary>C→S: request id, kind (conversation or group), name, before, limit: one page of stored history, newest first.</summary>
    HistoryRequest = 0x18,

    /// <summary>S→C: one fragment of a history page (the <see cref="Data"/> body; the reassembled envelope is the page).</summary>
    HistoryData = 0x19,

    /// <summary>C→S: request id + offset: one page of the user's sessions (answered by <see cref="Reply"/>).</summary>
    SessionsList = 0x1A,

    /// <summary>C→S: request id + session id: end one of the user's sessions (answered by <see cref="Reply"/>).</summary>
    SessionEnd = 0x1B,

    /// <summary>Both ways: one fragment of a group message (same body as <see cref="Data"/>; the envelope names the group).</summary>
    GroupData = 0x20,

    /// <summary>S→C: how many members of a group have a message and how many read it.</summary>
    GroupReceipt = 0x21,

    /// <summary>C→S: create / join / leave / members / list / rename, with a request id (retransmitted until answered).</summary>
    GroupRequest = 0x22,

    /// <summary>S→C: the answer to a <see cref="GroupRequest"/>, the same again for a repeated request id.</summary>
    GroupResult = 0x23,
    /// <summary>C→S: request id, the user's chosen presence state and status text (answered by <see cref="Reply"/>).</summary>
    PresenceSet = 0x30,

    /// <summary>S→C: one user's presence (state, status, version, since); retransmitted until <see cref="PresenceAck"/>.</summary>
    Presence = 0x31,

    /// <summary>C→S: confirms a <see cref="Presence"/> push: user name + version.</summary>
    PresenceAck = 0x32,

    /// <summary>C→S: request id + account name to add to the user's server-side contacts.</summary>
    ContactAdd = 0x33,

    /// <summary>C→S: request id + account name to remove from the user's server-side contacts.</summary>
    ContactRemove = 0x34,

    /// <summary>C→S: request id + offset: one page of the user's server-side contacts.</summary>
    ContactList = 0x35,

    /// <summary>S→C: answers PRESENCE_SET and CONTACT_*: request id, code, and for CONTACT_LIST one page of names.</summary>
    Reply = 0x36,
    /// <summary>S→C, authenticated: the sender is over a rate limit and the server dropped what it sent (body: scope, retry-after ms).</summary>
    SlowDown = 0x40,

    /// <summary>C→S on the discovery port, unauthenticated, padded to 48 bytes: "which servers are here?" with a nonce.</summary>
    Discover = 0x41,

    /// <summary>S→C on the discovery port: the probe's nonce, the server's name and its listeners' ports (within 3x the probe).</summary>
    DiscoverReply = 0x42,
}
