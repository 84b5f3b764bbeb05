using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// Answers the unauthenticated datagrams: PROBE, REGISTER, HELLO and PROOF. Every reply is written within the
/// anti-amplification budget of the request (3x, 28 header bytes counted both ways); a CHALLENGE (56 bytes) only
/// answers a HELLO of at least 1200 bytes. A successful PROOF opens a session in the <see cref="SessionTable"/>.
/// Not thread-safe: the chat handler's lock serialises it.
/// </summary>
internal sealed class LoginResponder
{
    private readonly IChatStore _store;
    private readonly SessionTable _sessions;
    private readonly PendingLoginTable _pending;
    private readonly RecentWelcomes _welcomes;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly string _serverName;

    public LoginResponder(IChatStore store, SessionTable sessions, ChatRelayLimits limits, ChatCounters counters, string serverName, ILogger logger)
    {
        _store = store;
        _sessions = sessions;
        _limits = limits;
        _counters = counters;
        _serverName = serverName;
        _logger = logger;
        _pending = new PendingLoginTable(limits.MaxPendingLogins);
        _welcomes = new RecentWelcomes(limits.MaxPendingLogins);
    }

    /// <summary>Logins waiting for their PROOF.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Handles one unauthenticated datagram of <paramref name="type"/> (prefix already checked).</summary>
    public HandlerResult Handle(ChatMessageType type, ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        int budget = Math.Min(AmplificationLimit.MaxReplyLength(request.Length), ChatWire.MaxDatagram);
        return type switch
        {
            ChatMessageType.Probe => HandlerResult.Reply(HandshakeCodec.WriteProbeReply(reply, _serverName, budget)),
            ChatMessageType.Register => Register(request, reply, budget, context.ReceivedAt),
            ChatMessageType.Hello => Hello(request, reply, budget, context.ReceivedAt),
            ChatMessageType.Proof => Proof(request, reply, budget, context),
            _ => HandlerResult.Drop(ChatDropReasons.UnknownType),
        };
    }

    /// <summary>Forgets CHALLENGEs older than their lifetime.</summary>
    public void Expire(Instant now)
    {
        _pending.Prune(now);
        _welcomes.Prune(now);
    }

    /// <summary>The ERROR reply for <paramref name="code"/>, cut to the budget.</summary>
    public static HandlerResult Error(Span<byte> reply, ChatErrorCode code, int budget) =>
        HandlerResult.Reply(HandshakeCodec.WriteError(reply, code, ErrorText(code), budget));

    private HandlerResult Register(ReadOnlySpan<byte> request, Span<byte> reply, int budget, Instant now)
    {
        if (!HandshakeCodec.TryReadRegister(request, out RegisterMessage register))
        {
            return Error(reply, ChatErrorCode.Malformed, budget);
        }

        if (!ChatUserName.IsValid(register.UserName))
        {
            _counters.Increment(ChatEvents.RegisterRefused);
            return Error(reply, ChatErrorCode.BadUserName, budget);
        }

        bool added;
        try
        {
            added = _store.TryAddUser(register.UserName, register.Verifier, now);
        }
        catch (ChatStoreException ex)
        {
            return StoreFailed(ex, reply, budget);
        }

        if (!added && IsSameRegistration(register))
        {
            // The REGISTERED for this very REGISTER was lost and the client resent it: same answer again.
            return HandlerResult.Reply(HandshakeCodec.WriteRegistered(reply));
        }

        if (!added)
        {
            _counters.Increment(ChatEvents.RegisterRefused);
            return Error(reply, ChatErrorCode.UserExists, budget);
        }

        _counters.Increment(ChatEvents.Registered);
        _logger.UserRegistered(register.UserName);
        return HandlerResult.Reply(HandshakeCodec.WriteRegistered(reply));
    }

    private HandlerResult Hello(ReadOnlySpan<byte> request, Span<byte> reply, int budget, Instant now)
    {
        if (request.Length < ChatWire.MinHelloLength)
        {
            return Error(reply, ChatErrorCode.HelloTooShort, budget);
        }

        if (!HandshakeCodec.TryReadHello(request, out HelloMessage hello))
        {
            return Error(reply, ChatErrorCode.Malformed, budget);
        }

        if (!ChatUserName.IsValid(hello.UserName))
        {
            return Error(reply, ChatErrorCode.BadUserName, budget);
        }

        ScramVerifier? verifier;
        byte[] secret;
        try
        {
            verifier = _store.FindUser(hello.UserName);
            secret = _store.ServerSecret();
        }
        catch (ChatStoreException ex)
        {
            return StoreFailed(ex, reply, budget);
        }

        // An unknown name gets a challenge that looks exactly like a real one: stable decoy salt, default iterations.
        byte[] salt = verifier?.Salt ?? DecoySalt.For(secret, hello.UserName);
        int iterations = verifier?.Iterations ?? ScramVerifier.DefaultIterations;
        var challenge = new ChallengeMessage(hello.ClientNonce, RandomNumberGenerator.GetBytes(ChatWire.NonceLength), salt, iterations);
        if (!_pending.TryAdd(new PendingLogin(hello.UserName, challenge, verifier, now + Duration.FromTimeSpan(_limits.PendingLoginLifetime)), now))
        {
            _counters.Increment(ChatEvents.LoginRefused);
            return Error(reply, ChatErrorCode.TooManyPending, budget);
        }

        return HandlerResult.Reply(HandshakeCodec.WriteChallenge(reply, challenge));
    }

    private HandlerResult Proof(ReadOnlySpan<byte> request, Span<byte> reply, int budget, in DatagramContext context)
    {
        if (!HandshakeCodec.TryReadProof(request, out ProofMessage proof))
        {
            return Error(reply, ChatErrorCode.Malformed, budget);
        }

        PendingLogin? login = _pending.TryTake(proof.ServerNonce, context.ReceivedAt);
        if (login is null)
        {
            // A resent PROOF whose WELCOME was lost gets that WELCOME again, while its session lives.
            if (_welcomes.Find(proof.ServerNonce, proof.ClientProof, context.ReceivedAt) is { } sent && _sessions.ContainsId(sent.SessionId))
            {
                return HandlerResult.Reply(HandshakeCodec.WriteWelcome(reply, sent));
            }

            return Error(reply, ChatErrorCode.LoginExpired, budget);
        }

        byte[] authMessage = Scram.AuthMessage(login.User, login.Challenge);
        byte[]? clientKey = login.Verifier is not null && CryptographicOperations.FixedTimeEquals(proof.ClientNonce, login.Challenge.ClientNonce)
            ? Scram.VerifyClientProof(login.Verifier, authMessage, proof.ClientProof)
            : null;
        if (clientKey is null)
        {
            _counters.Increment(ChatEvents.AuthenticationFailed);
            _logger.LoginFailed(login.User); // counted; a flood of guesses must not flood the log
            return Error(reply, ChatErrorCode.AuthenticationFailed, budget);
        }

        if (_sessions.Count >= _limits.MaxSessions && _sessions.FindUser(login.User) is null)
        {
            CryptographicOperations.ZeroMemory(clientKey);
            _counters.Increment(ChatEvents.LoginRefused);
            return Error(reply, ChatErrorCode.TooManyPending, budget);
        }

        SessionKeys keys = Scram.DeriveSessionKeys(clientKey, authMessage);
        CryptographicOperations.ZeroMemory(clientKey);
        ulong sessionId = NewSessionId();
        var session = new ChatSession(sessionId, login.User, keys, ChatSession.Copy(context.Remote), context.ReceivedAt);
        if (_sessions.Add(session) is not null)
        {
            _counters.Increment(ChatEvents.SessionReplaced);
        }

        _counters.Increment(ChatEvents.LoggedIn);
        _logger.LoggedIn(login.User, sessionId);
        var welcome = new WelcomeMessage(sessionId, Scram.ServerSignature(login.Verifier!.ServerKey, authMessage));
        _welcomes.Add(proof.ServerNonce, proof.ClientProof, welcome, login.ExpiresAt);
        return HandlerResult.Reply(HandshakeCodec.WriteWelcome(reply, welcome));
    }

    private bool IsSameRegistration(in RegisterMessage register)
    {
        ScramVerifier? stored;
        try
        {
            stored = _store.FindUser(register.UserName);
        }
        catch (ChatStoreException)
        {
            return false;
        }

        ScramVerifier sent = register.Verifier;
        return stored is not null && stored.Iterations == sent.Iterations
            && CryptographicOperations.FixedTimeEquals(stored.Salt, sent.Salt)
            && CryptographicOperations.FixedTimeEquals(stored.StoredKey, sent.StoredKey)
            && CryptographicOperations.FixedTimeEquals(stored.ServerKey, sent.ServerKey);
    }

    private ulong NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            ulong id = BitConverter.ToUInt64(bytes);
            if (id != 0 && !_sessions.ContainsId(id))
            {
                return id;
            }
        }
    }

    private HandlerResult StoreFailed(ChatStoreException ex, Span<byte> reply, int budget)
    {
        _counters.Increment(ChatEvents.StoreError);
        _logger.StoreUnavailable(ex.Message);
        return Error(reply, ChatErrorCode.StoreUnavailable, budget);
    }

    private static string ErrorText(ChatErrorCode code) => code switch
    {
        ChatErrorCode.Malformed => "malformed request",
        ChatErrorCode.UnsupportedVersion => "unsupported protocol version; this server speaks 1",
        ChatErrorCode.HelloTooShort => "HELLO must be padded to 1200 bytes",
        ChatErrorCode.UserExists => "user name taken",
        ChatErrorCode.BadUserName => "invalid user name",
        ChatErrorCode.AuthenticationFailed => "authentication failed",
        ChatErrorCode.LoginExpired => "login expired; start again",
        ChatErrorCode.TooManyPending => "server busy; try again",
        ChatErrorCode.StoreUnavailable => "server store unavailable",
        _ => code.ToString(),
    };
}
