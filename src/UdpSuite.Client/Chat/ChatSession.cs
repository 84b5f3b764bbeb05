using UdpSuite.Protocol.Security.Channel;

namespace UdpSuite.Client.Chat;

/// <summary>
/// One logged-in session: the user and the established v2 channel that carries it (sealing with fresh packet numbers,
/// opening with the replay window; anything forged, altered, replayed or for another session is dropped by
/// <see cref="ChannelClient.Receive"/>). Not thread-safe: the client uses it under its lock.
/// </summary>
internal sealed class ChatSession(string userName, ChannelClient channel) : IDisposable
{
    public string UserName { get; } = userName;

    public ChannelClient Channel { get; } = channel;

    public ulong SessionId => Channel.SessionId;

    public void Dispose() => Channel.Dispose();
}
