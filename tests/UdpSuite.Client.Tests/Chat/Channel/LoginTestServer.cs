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
/// one byte flipped (a corrupted datagram) or ask for parameters of its choosing.
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

    /// <summary>Inner types of every message that opened, in arrival order.</summary>
    public ConcurrentQueue<byte> Received { get; } = new();

    /// <summary>Every datagram that arrived (whether or not it opened).</summary>
    public ConcurrentQueue<byte[]> Datagrams { get; } = new();

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
            if (Silent)
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
        }
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
