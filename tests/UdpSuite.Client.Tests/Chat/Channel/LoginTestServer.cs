using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Client.Tests.Chat.Channel;

/// <summary>
/// A minimal v2 chat server on a loopback socket for the client's login tests, built from the protocol's pure
/// components (ChannelServer, LoginMessages, LoginProof): handshake, LOGIN_START/PARAMS, LOGIN_PROOF/WELCOME,
/// REGISTER/REGISTERED, PING/PONG. It records every inner type it opened, and can send each reply twice, first with
/// one byte flipped (a corrupted datagram) or ask for parameters of its choosing. For the sessions-and-devices requests
/// it records the device each login named, answers SESSIONS_LIST / SESSION_END from <see cref="Sessions"/>, HISTORY_REQUEST
/// with <see cref="History"/>'s page in HISTORY_DATA fragments, and pushes READ_SYNC on demand.
/// </summary>
internal sealed class LoginTestServer : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly NoiseKeyPair _key;
    private readonly ChannelServer _channels;
    private readonly Dictionary<string, PasswordVerifier> _accounts = [];
    private readonly byte[] _decoySecret = RandomNumberGenerator.GetBytes(32);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LoginTestServer(Argon2idParameters parameters, NoiseKeyPair? key = null)
    {
        Parameters = parameters;
        _key = key ?? NoiseKeyPair.Generate();
        _channels = new ChannelServer(_key, "login-test", new ChannelServerOptions(), _clock.Elapsed);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public ReadOnlySpan<byte> PublicKey => _key.PublicKey;

    /// <summary>The parameters LOGIN_PARAMS shows for names without an account.</summary>
    public Argon2idParameters Parameters { get; }

    /// <summary>When true, every datagram this server sends goes out first with one byte flipped, then intact.</summary>
    public bool SendCorruptedCopyFirst { get; init; }

    /// <summary>While true the server drops everything unread, as a server that is down (the datagrams are still recorded).</summary>
    public bool Silent { get; set; }

    /// <summary>INITIATIONs of this many first handshake attempts (by handshake id) are recorded but never answered, as if lost.</summary>
    public int IgnoredHandshakes { get; init; }

    private readonly HashSet<ulong> _ignoredHandshakeIds = [];

    /// <summary>Inner types of every message that opened, in arrival order.</summary>
    public ConcurrentQueue<byte> Received { get; } = new();

    /// <summary>Every datagram that arrived (whether or not it opened).</summary>
    public ConcurrentQueue<byte[]> Datagrams { get; } = new();

    /// <summary>The device tail of every LOGIN_PROOF (null for a proof without one), in arrival order.</summary>
    public ConcurrentQueue<LoginDevice?> LoginDevices { get; } = new();

    /// <summary>Every ACK the client sent (message id, index).</summary>
    public ConcurrentQueue<AckBody> Acks { get; } = new();

    /// <summary>What SESSIONS_LIST reports (the ids SESSION_END knows); the session asking is not marked.</summary>
    public IReadOnlyList<SessionInfo> Sessions { get; set; } = [];

    /// <summary>Session ids SESSION_END ended.</summary>
    public ConcurrentQueue<ulong> Ended { get; } = new();

    /// <summary>The page a HISTORY_REQUEST gets (null: the request is dropped, as by a server without history).</summary>
    public Func<HistoryRequestBody, HistoryPage>? History { get; set; }

    /// <summary>The session of the last login, for pushes.</summary>
    private ulong _lastSession;

    private bool IsIgnoredInitiation(ReadOnlySpan<byte> datagram)
    {
        if (!HandshakeDatagrams.TryReadInitiation(datagram, out Initiation initiation))
        {
            return false;
        }

        if (_ignoredHandshakeIds.Count < IgnoredHandshakes)
        {
            _ignoredHandshakeIds.Add(initiation.HandshakeId);
        }

        return _ignoredHandshakeIds.Contains(initiation.HandshakeId);
    }

    private async Task LoopAsync()
    {
        byte[] buffer = new byte[2048];
        byte[] output = new byte[ChannelWire.MaxDatagram];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            Datagrams.Enqueue(buffer[..received.ReceivedBytes]);
            if (Silent || IsIgnoredInitiation(buffer.AsSpan(0, received.ReceivedBytes)))
            {
                continue;
            }

            ServerReceiveResult result = _channels.Receive(buffer.AsSpan(0, received.ReceivedBytes), source, _clock.Elapsed, output);
            if (result.Event == ServerEvent.Reply)
            {
                Send(output.AsSpan(0, result.Length), source);
            }
            else if (result.Event == ServerEvent.Message)
            {
                Received.Enqueue(result.InnerType);
                Answer(result.SessionId, result.InnerType, output.AsSpan(1, result.Length).ToArray());
            }
        }
    }

    private void Answer(ulong session, byte innerType, byte[] body)
    {
        Span<byte> reply = stackalloc byte[ChannelWire.MaxSealedBody];
        switch ((ChannelMessageType)innerType)
        {
            case ChannelMessageType.LoginStart when LoginMessages.TryReadLoginStart(body, out string name):
                (byte[] salt, Argon2idParameters parameters) = SaltAndParameters(name);
                Seal(session, ChannelMessageType.LoginParams, reply[..LoginMessages.WriteLoginParameters(reply, new LoginParameters(salt, parameters))]);
                break;
            case ChannelMessageType.LoginProof when LoginMessages.TryReadLoginProof(body, out LoginProofMessage? proof):
                Span<byte> auth = stackalloc byte[LoginProof.MaxAuthMessageLength];
                (byte[] proofSalt, Argon2idParameters proofParameters) = SaltAndParameters(proof!.UserName);
                int length = LoginProof.WriteAuthMessage(proof.UserName, proofSalt, proofParameters, _channels.Channel(session).HandshakeHash, auth);
                if (_accounts.TryGetValue(proof.UserName, out PasswordVerifier? verifier) && LoginProof.VerifyClientProof(verifier, auth[..length], proof.ClientProof))
                {
                    LoginProof.ComputeServerSignature(verifier, auth[..length], reply);
                    Seal(session, ChannelMessageType.Welcome, reply[..LoginProof.KeyLength]);
                    _channels.CompleteLogin(session);
                    LoginDevices.Enqueue(proof.Device);
                    _lastSession = session;
                }
                else
                {
                    Seal(session, ChannelMessageType.Error, reply[..LoginMessages.WriteError(reply, new ChannelError(ChatErrorCode.AuthenticationFailed, "authentication failed"))]);
                }

                break;
            case ChannelMessageType.Register when LoginMessages.TryReadRegister(body, out RegisterRequest? register):
                if (_accounts.TryGetValue(register!.UserName, out PasswordVerifier? existing) && !existing.StoredKey.AsSpan().SequenceEqual(register.Verifier.StoredKey))
                {
                    Seal(session, ChannelMessageType.Error, reply[..LoginMessages.WriteError(reply, new ChannelError(ChatErrorCode.UserExists, "user exists"))]);
                }
                else
                {
                    _accounts[register.UserName] = register.Verifier;
                    Seal(session, ChannelMessageType.Registered, []);
                }

                break;
            case (ChannelMessageType)(byte)ChatMessageType.Ping:
                Seal(session, (ChannelMessageType)(byte)ChatMessageType.Pong, []);
                break;
            case (ChannelMessageType)(byte)ChatMessageType.Ack when SessionBodyCodec.TryReadAck(body, out AckBody ack):
                Acks.Enqueue(ack);
                break;
            case (ChannelMessageType)(byte)ChatMessageType.SessionsList when SessionsCodec.TryReadSessionsList(body, out SessionsListBody list):
                Seal(session, (ChannelMessageType)(byte)ChatMessageType.Reply, reply[..SessionsCodec.WriteSessionsPage(reply, list.RequestId, Sessions, list.Offset)]);
                break;
            case (ChannelMessageType)(byte)ChatMessageType.SessionEnd when SessionsCodec.TryReadSessionEnd(body, out SessionEndBody end):
                bool known = Sessions.Any(s => s.SessionId == end.SessionId);
                if (known)
                {
                    Ended.Enqueue(end.SessionId);
                }

                Seal(session, (ChannelMessageType)(byte)ChatMessageType.Reply,
                    reply[..PresenceCodec.WriteReply(reply, new ReplyHeader(end.RequestId, known ? ChatErrorCode.None : ChatErrorCode.UnknownSession))]);
                break;
            case (ChannelMessageType)(byte)ChatMessageType.HistoryRequest when History is not null && SessionsCodec.TryReadHistoryRequest(body, out HistoryRequestBody request):
                byte[] page = SessionsCodec.EncodeHistoryPage(History(request));
                Guid pageId = Guid.NewGuid();
                int count = EnvelopeCodec.FragmentCount(page.Length);
                for (int index = 0; index < count; index++)
                {
                    int written = SessionBodyCodec.WriteData(reply, pageId, (ushort)index, (ushort)count, EnvelopeCodec.Fragment(page, index));
                    Seal(session, (ChannelMessageType)(byte)ChatMessageType.HistoryData, reply[..written]);
                }

                break;
        }
    }

    /// <summary>Pushes READ_SYNC to the session of the last login.</summary>
    public void PushReadSync(ReadSyncBody sync)
    {
        byte[] body = new byte[SessionsCodec.ReadSyncLength];
        SessionsCodec.WriteReadSync(body, sync);
        Seal(_lastSession, (ChannelMessageType)(byte)ChatMessageType.ReadSync, body);
    }

    private (byte[] Salt, Argon2idParameters Parameters) SaltAndParameters(string name)
    {
        if (_accounts.TryGetValue(name, out PasswordVerifier? verifier))
        {
            return (verifier.Salt, verifier.Parameters);
        }

        byte[] salt = new byte[Argon2idParameters.SaltLength];
        LoginProof.DecoySalt(_decoySecret, name, salt);
        return (salt, Parameters);
    }

    private void Seal(ulong session, ChannelMessageType type, ReadOnlySpan<byte> body)
    {
        byte[] datagram = new byte[ChannelWire.MaxDatagram];
        SealResult sealedDatagram = _channels.Seal(session, (byte)type, body, _clock.Elapsed, datagram, out IPEndPoint destination);
        Send(datagram.AsSpan(0, sealedDatagram.Length), destination);
    }

    private void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        if (SendCorruptedCopyFirst)
        {
            byte[] corrupted = datagram.ToArray();
            corrupted[^1] ^= 0x40;
            _socket.SendTo(corrupted, destination);
        }

        _socket.SendTo(datagram, destination);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _channels.Dispose();
        _key.Dispose();
        _stop.Dispose();
    }
}
