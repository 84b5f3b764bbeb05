using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// A chat operation failed: the server refused it (<see cref="Code"/> says why), the server could not be
/// proven genuine, or the client is not in a state to do it (for example not logged in).
/// </summary>
public class ChatException : Exception
{
    public ChatException()
    {
    }

    public ChatException(string message)
        : base(message)
    {
    }

    public ChatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ChatException(ChatErrorCode code, string message)
        : base(message) => Code = code;

    /// <summary>The protocol's error code when the server sent one, else <see cref="ChatErrorCode.None"/>.</summary>
    public ChatErrorCode Code { get; }
}
