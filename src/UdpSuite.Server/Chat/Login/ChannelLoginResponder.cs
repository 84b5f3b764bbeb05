using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using NodaTime;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;
using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Sessions.Devices;
using UdpSuite.Server.Chat.Store;
using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Chat.Login;

/// <summary>
/// The login inside a completed channel (docs/PROTOCOL.md, "Login"): LOGIN_START → LOGIN_PARAMS (a decoy for unknown
/// names), LOGIN_PROOF → WELCOME (the proof is bound to the channel's handshake hash, so it is worth nothing in any
/// other channel), REGISTER → REGISTERED. The account lookup and the registration are store items of the core's open batch
/// (<see cref="LoginStoreItem"/>), answered when they complete (<see cref="Answered"/>): it never calls the store. Every
/// answer is sealed; a wrong proof gets ERROR AuthenticationFailed and
/// ends the channel. A successful login turns the channel into a <see cref="ChatSession"/> with the same id. Repeated
/// requests (the client retransmits until answered) get the same answers. Not thread-safe: the chat handler's lock
/// serialises it.
/// </summary>
internal sealed class ChannelLoginResponder
{
    private readonly byte[] _serverSecret;
    private readonly StorePipeline _store;
    private readonly SessionTable _sessions;
    private readonly ChannelServer _channels;
    private readonly ChatRelayLimits _limits;
    private readonly ChatCounters _counters;
    private readonly ILogger _logger;
    private readonly Dictionary<ulong, PendingChannelLogin> _pending = [];
    private readonly List<ulong> _gone = [];
    private readonly HashSet<ulong> _waiting = [];

    /// <summary>
    /// The login of channels of <paramref name="channels"/>; <paramref name="serverSecret"/> (read from the store once, at
    /// start) keys the decoy salts; account lookups and registrations are items of <paramref name="store"/>'s open batch.
    /// </summary>
    public ChannelLoginResponder(byte[] serverSecret, StorePipeline store, SessionTable sessions, ChannelServer channels, ChatRelayLimits limits, ChatCounters counters, ILogger logger)
    {
        _serverSecret = serverSecret;
        _store = store;
        _sessions = sessions;
        _channels = channels;
        _limits = limits;
        _counters = counters;
        _logger = logger;
    }

    /// <summary>Channels waiting for their login.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>A handshake completed from <paramref name="peer"/>: channel <paramref name="sessionId"/> now waits for its login.</summary>
    public void Started(ulong sessionId, SocketAddress peer) => _pending[sessionId] = new PendingChannelLogin(ChatSession.Copy(peer));

    /// <summary>The pending channel, or null (it logged in, failed, or expired).</summary>
    public PendingChannelLogin? Find(ulong sessionId) => _pending.GetValueOrDefault(sessionId);

    /// <summary>Every pending channel with its id (path challenges are retransmitted on the timer).</summary>
    public IEnumerable<KeyValuePair<ulong, PendingChannelLogin>> All => _pending;

    /// <summary>Forgets pending logins whose channel the channel server has dropped (expired unanswered).</summary>
    public void Prune()
    {
        _gone.Clear();
        foreach (ulong id in _pending.Keys)
        {
            if (!_channels.IsPending(id))
            {
                _gone.Add(id);
            }
        }

        foreach (ulong id in _gone)
        {
            _pending.Remove(id);
        }
    }

    /// <summary>Handles one opened message of pending channel <paramref name="sessionId"/>; the answer is sealed into <paramref name="reply"/>.</summary>
    public HandlerResult Handle(ulong sessionId, byte innerType, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (!_pending.TryGetValue(sessionId, out PendingChannelLogin? login))
        {
            return HandlerResult.Drop(ChatDropReasons.UnknownSession);
        }

        return (ChannelMessageType)innerType switch
        {
            ChannelMessageType.LoginStart => Start(sessionId, login, body, reply, now),
            ChannelMessageType.LoginProof => Proof(sessionId, login, body, reply, now),
            ChannelMessageType.Register => Register(sessionId, login, body, reply, now),
            _ => HandlerResult.Drop(ChatDropReasons.UnknownType),
        };
    }

    /// <summary>A LOGIN_PROOF repeated on a session it already opened: the same WELCOME again (the first was lost).</summary>
    public static HandlerResult RepeatWelcome(ChatSession session, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (session.Login is not { } login || !LoginMessages.TryReadLoginProof(body, out LoginProofMessage? proof)
            || !CryptographicOperations.FixedTimeEquals(proof!.ClientProof, login.Proof))
        {
            return HandlerResult.Drop(ChatDropReasons.UnknownType);
        }

        login.Welcome.CopyTo(SealedSession.BodyArea(reply));
        return Seal(session.Channel, ChannelMessageType.Welcome, login.Welcome.Length, reply, now);
    }

    private HandlerResult Start(ulong sessionId, PendingChannelLogin login, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (!LoginMessages.TryReadLoginStart(body, out string user))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        return Wait(new LoginStoreItem(sessionId, login, user, null, now));
    }

    private HandlerResult Proof(ulong sessionId, PendingChannelLogin login, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (!LoginMessages.TryReadLoginProof(body, out LoginProofMessage? proof))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        // The client sends LOGIN_START first and waits for LOGIN_PARAMS; a proof for another name proves nothing here.
        if (login.Lookup is not { } lookup || !string.Equals(login.User, proof!.UserName, StringComparison.Ordinal))
        {
            return HandlerResult.Drop(ChatDropReasons.UnknownType);
        }

        SealedSession channel = _channels.Channel(sessionId);
        string user = proof.UserName;
        if (lookup.Account is { NeedsReRegistration: true })
        {
            _counters.Increment(ChatEvents.LoginRefused);
            return Refuse(sessionId, ChatErrorCode.ReRegistrationRequired, reply, now);
        }

        Span<byte> authMessage = stackalloc byte[LoginProof.MaxAuthMessageLength];
        int authLength = LoginProof.WriteAuthMessage(user, lookup.Shown.Salt, lookup.Shown.Parameters, channel.HandshakeHash, authMessage);
        PasswordVerifier? verifier = lookup.Account?.Verifier;
        if (verifier is null || !LoginProof.VerifyClientProof(verifier, authMessage[..authLength], proof.ClientProof))
        {
            _counters.Increment(ChatEvents.AuthenticationFailed);
            _logger.LoginFailed(user); // counted; a flood of guesses must not flood the log
            return Refuse(sessionId, ChatErrorCode.AuthenticationFailed, reply, now);
        }

        if (_sessions.Count >= _limits.MaxSessions)
        {
            _counters.Increment(ChatEvents.LoginRefused);
            return Refuse(sessionId, ChatErrorCode.TooManyPending, reply, now);
        }

        var welcome = new byte[LoginProof.KeyLength];
        LoginProof.ComputeServerSignature(verifier, authMessage[..authLength], welcome);
        var session = new ChatSession(sessionId, user, channel, login.Peer, now, proof.Device)
        {
            Login = (proof.ClientProof, welcome),
            HasPathCandidate = login.HasPathCandidate,
            StoredChoice = login.StoredChoice,
        };

        // Several sessions per user: a login never ends a receiving session; at the cap it may end a transient one.
        switch (_sessions.Admit(session))
        {
            case Admission.Refused:
                _counters.Increment(ChatEvents.LoginRefused);
                return Refuse(sessionId, ChatErrorCode.TooManyPending, reply, now);
            case Admission.AdmittedByEndingTransient:
                _counters.Increment(ChatEvents.SessionReplaced);
                break;
        }

        _pending.Remove(sessionId);
        _channels.CompleteLogin(sessionId);
        _counters.Increment(ChatEvents.LoggedIn);
        _logger.LoggedIn(user, sessionId);
        welcome.CopyTo(SealedSession.BodyArea(reply));
        return Seal(channel, ChannelMessageType.Welcome, welcome.Length, reply, now);
    }

    private HandlerResult Register(ulong sessionId, PendingChannelLogin login, ReadOnlySpan<byte> body, Span<byte> reply, Instant now)
    {
        if (!LoginMessages.TryReadRegister(body, out RegisterRequest? register))
        {
            return HandlerResult.Drop(ChatDropReasons.Malformed);
        }

        if (_limits.Registration == RegistrationPolicy.Closed)
        {
            _counters.Increment(ChatEvents.RegisterRefused);
            return Answer(sessionId, ChatErrorCode.RegistrationClosed, reply, now);
        }

        // New names follow the name rules (NFC, no invisible or bidi characters, length); names that predate them still log in.
        if (!ChatNames.IsCanonical(register!.UserName))
        {
            _counters.Increment(ChatEvents.RegisterRefused);
            return Answer(sessionId, ChatErrorCode.BadUserName, reply, now);
        }

        Argon2idParameters floor = _limits.PasswordHashFloor;
        Argon2idParameters offered = register.Verifier.Parameters;
        if (offered.MemoryKiB < floor.MemoryKiB || offered.Iterations < floor.Iterations)
        {
            _counters.Increment(ChatEvents.RegisterRefused);
            return Answer(sessionId, ChatErrorCode.WeakPasswordHash, reply, now);
        }

        return Wait(new LoginStoreItem(sessionId, login, register.UserName, register, now));
    }

    /// <summary>
    /// Puts <paramref name="item"/> in the open store batch; the completion answers it (<see cref="Answered"/>). While an
    /// item of the same channel is pending, its resends (and any other LOGIN_START or REGISTER) get nothing: the client
    /// retransmits until answered, and a request is never run twice at once. Dropped unanswered while the store is behind.
    /// </summary>
    private HandlerResult Wait(LoginStoreItem item)
    {
        if (_waiting.Contains(item.SessionId))
        {
            return HandlerResult.NoReply;
        }

        if (_store.IsBehind)
        {
            return HandlerResult.Drop(ChatDropReasons.StoreBehind);
        }

        _waiting.Add(item.SessionId);
        _store.Open.Logins.Add(item);
        return HandlerResult.NoReply;
    }

    /// <summary>
    /// A lookup or registration completed: the LOGIN_PARAMS (the account's salt, or a decoy), REGISTERED, or ERROR
    /// (UserExists, StoreUnavailable) sealed into <paramref name="reply"/> for the validated address of the login; nothing
    /// when the login ended meanwhile (logged in, failed, expired).
    /// </summary>
    public HandlerResult Answered(in LoginStoreItem item, Span<byte> reply, Instant now)
    {
        _waiting.Remove(item.SessionId);
        if (!_pending.TryGetValue(item.SessionId, out PendingChannelLogin? login) || !ReferenceEquals(login, item.Login)
            || !_channels.IsPending(item.SessionId)) // expired meanwhile; Prune forgets it on the next tick
        {
            return HandlerResult.NoReply;
        }

        if (item.Failure is { } failure)
        {
            return StoreFailed(item.SessionId, failure, reply, now);
        }

        if (item.Register is null)
        {
            LoginLookup lookup = LookUp(item.User, item.Account);
            login.User = item.User;
            login.Lookup = lookup;
            login.StoredChoice = item.Choice;
            int length = LoginMessages.WriteLoginParameters(SealedSession.BodyArea(reply), lookup.Shown);
            return Seal(_channels.Channel(item.SessionId), ChannelMessageType.LoginParams, length, reply, now);
        }

        switch (item.Registration)
        {
            case RegistrationOutcome.Repeated:
                return Seal(_channels.Channel(item.SessionId), ChannelMessageType.Registered, 0, reply, now);
            case RegistrationOutcome.Taken:
                _counters.Increment(ChatEvents.RegisterRefused);
                return Answer(item.SessionId, ChatErrorCode.UserExists, reply, now);
            default:
                _counters.Increment(ChatEvents.Registered);
                _logger.UserRegistered(item.User);
                _channels.ReleaseFromLoadGate(item.SessionId); // may still log in on this channel; no longer holds a handshake slot
                return Seal(_channels.Channel(item.SessionId), ChannelMessageType.Registered, 0, reply, now);
        }
    }

    private LoginLookup LookUp(string user, StoredAccount? account)
    {
        if (account?.Verifier is { } verifier)
        {
            return new LoginLookup(new LoginParameters(verifier.Salt, verifier.Parameters), account);
        }

        // Unknown (or version-1) names get a salt and parameters that look exactly like a real account's.
        var salt = new byte[Argon2idParameters.SaltLength];
        LoginProof.DecoySalt(_serverSecret, user, salt);
        return new LoginLookup(new LoginParameters(salt, _limits.PasswordHashFloor), account);
    }

    /// <summary>A sealed ERROR after which the channel ends (failed or refused login).</summary>
    private HandlerResult Refuse(ulong sessionId, ChatErrorCode code, Span<byte> reply, Instant now)
    {
        HandlerResult result = Answer(sessionId, code, reply, now);
        _pending.Remove(sessionId);
        _channels.Close(sessionId);
        return result;
    }

    /// <summary>A sealed ERROR; the channel stays open for another request.</summary>
    private HandlerResult Answer(ulong sessionId, ChatErrorCode code, Span<byte> reply, Instant now)
    {
        int length = LoginMessages.WriteError(SealedSession.BodyArea(reply), new ChannelError(code, ErrorText(code)));
        return Seal(_channels.Channel(sessionId), ChannelMessageType.Error, length, reply, now);
    }

    private HandlerResult StoreFailed(ulong sessionId, ChatStoreException ex, Span<byte> reply, Instant now)
    {
        _counters.Increment(ChatEvents.StoreError);
        _logger.StoreUnavailable(ex.Message);
        return Answer(sessionId, ChatErrorCode.StoreUnavailable, reply, now);
    }

    private static HandlerResult Seal(SealedSession channel, ChannelMessageType type, int bodyLength, Span<byte> reply, Instant now)
    {
        SealResult result = channel.SealInPlace((byte)type, bodyLength, ChannelTime.Of(now), reply);
        return result.IsSealed ? HandlerResult.Reply(result.Length) : HandlerResult.NoReply;
    }

    private static string ErrorText(ChatErrorCode code) => code switch
    {
        ChatErrorCode.UserExists => "user name taken",
        ChatErrorCode.RegistrationClosed => "this server registers no new accounts",
        ChatErrorCode.AuthenticationFailed => "authentication failed",
        ChatErrorCode.TooManyPending => "server busy; try again",
        ChatErrorCode.StoreUnavailable => "server store unavailable",
        ChatErrorCode.WeakPasswordHash => "password hash parameters below this server's minimum",
        ChatErrorCode.ReRegistrationRequired => "this account was created by protocol version 1; register it again (the server keeps its messages)",
        _ => code.ToString(),
    };
}
