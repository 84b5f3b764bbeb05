using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>
/// A handler scripted by the payload, for the receive-loop tests of both I/O paths: "boom" throws, "big" breaks
/// the amplification limit, "drop" drops, anything else is echoed — prefixed with the sender's port as the loop
/// saw it when <paramref name="prefixSenderPort"/> (checks the SocketAddress handed to the handler).
/// <paramref name="name"/> is the metric tag: a test that reads metrics gives its handler a name of its own.
/// </summary>
internal sealed class ScriptedHandler(bool prefixSenderPort = false, string name = "scripted") : IDatagramHandler
{
    public string Name => name;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        if (request.SequenceEqual("boom"u8))
        {
            throw new InvalidOperationException("handler bug");
        }

        if (request.SequenceEqual("big"u8))
        {
            return HandlerResult.Reply(5000);
        }

        if (request.SequenceEqual("drop"u8))
        {
            return HandlerResult.Drop("test-drop");
        }

        if (!prefixSenderPort)
        {
            request.CopyTo(reply);
            return HandlerResult.Reply(request.Length);
        }

        ReadOnlySpan<byte> raw = context.Remote.Buffer.Span;
        int port = context.Remote.Size >= 4 ? (raw[2] << 8) | raw[3] : -1; // sockaddr_in: family (2), port (2, big-endian)
        BitConverter.TryWriteBytes(reply, port);
        request.CopyTo(reply[4..]);
        return HandlerResult.Reply(request.Length + 4);
    }
}
