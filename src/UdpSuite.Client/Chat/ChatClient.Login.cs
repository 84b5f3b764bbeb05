using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>Register, login (with restart on LoginExpired), and resuming a session after the server forgot it.</summary>
public sealed partial class ChatClient
{
    // Errors each request can get. A late ERROR answering an earlier, resent request (UserExists for a REGISTER that
    // went out twice, LoginExpired for a twice-sent PROOF) must not be taken as the answer to the next request.
    private static readonly ChatErrorCode[] CommonErrors = [ChatErrorCode.Malformed, ChatErrorCode.UnsupportedVersion, ChatErrorCode.TooManyPending, ChatErrorCode.SlowDown, ChatErrorCode.StoreUnavailable];
    private static readonly ChatErrorCode[] RegisterErrors = [.. CommonErrors, ChatErrorCode.UserExists, ChatErrorCode.BadUserName];
    private static readonly ChatErrorCode[] HelloErrors = [.. CommonErrors, ChatErrorCode.HelloTooShort, ChatErrorCode.BadUserName];
    private static readonly ChatErrorCode[] ProofErrors = [.. CommonErrors, ChatErrorCode.AuthenticationFailed, ChatErrorCode.LoginExpired];

    /// <summary>Whether <paramref name="password"/> logs in as <paramref name="userName"/> (the session is closed again at once).</summary>
    private async Task<bool> IsOwnAccountAsync(string userName, string password, CancellationToken cancellationToken)
    {
        try
        {
            bool wasLoggedIn = IsLoggedIn;
            await LoginCoreAsync(userName, password, null, cancellationToken).ConfigureAwait(false);
            if (!wasLoggedIn)
            {
                await LogoutAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (ChatException ex) when (ex.Code == ChatErrorCode.AuthenticationFailed)
        {
            return false;
        }
    }

    /// <summary>
    /// Logs in, starting over when the server answers a resent PROOF with LoginExpired: that happens when the first
    /// PROOF was accepted but its WELCOME was lost, so the server no longer knows the challenge.
    /// </summary>
    private async Task LoginCoreAsync(string userName, string? password, CachedCredentials? cached, CancellationToken cancellationToken)
    {
        const int Attempts = 5;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await LoginOnceAsync(userName, password, cached, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ChatException ex) when (ex.Code == ChatErrorCode.LoginExpired && attempt < Attempts)
            {
                // Start again with a fresh HELLO.
            }
        }
    }

    private async Task LoginOnceAsync(string userName, string? password, CachedCredentials? cached, CancellationToken cancellationToken)
    {
        byte[] clientNonce = RandomNumberGenerator.GetBytes(ChatWire.NonceLength);
        var hello = new byte[ChatWire.MinHelloLength];
        HandshakeCodec.WriteHello(hello, userName, clientNonce);
        byte[] reply = await RequestAsync(
            hello,
            d => IsErrorOf(d, HelloErrors)
                || (IsType(d, ChatMessageType.Challenge) && HandshakeCodec.TryReadChallenge(d, out ChallengeMessage c) && c.ClientNonce.AsSpan().SequenceEqual(clientNonce)),
            "HELLO",
            cancellationToken).ConfigureAwait(false);
        ThrowIfError(reply, "login");
        HandshakeCodec.TryReadChallenge(reply, out ChallengeMessage challenge);

        CachedCredentials credentials;
        if (password is not null)
        {
            (byte[] clientKey, byte[] storedKey, byte[] serverKey) = Scram.DeriveKeys(password, challenge.Salt, challenge.Iterations);
            credentials = new CachedCredentials(userName, challenge.Salt, challenge.Iterations, clientKey, storedKey, serverKey);
        }
        else if (cached is not null && cached.Matches(challenge.Salt, challenge.Iterations))
        {
            credentials = cached;
        }
        else
        {
            throw new ChatException(ChatErrorCode.AuthenticationFailed, "the account's salt changed; log in again with the password");
        }

        byte[] authMessage = Scram.AuthMessage(userName, challenge);
        byte[] clientProof = Scram.ClientProof(credentials.ClientKey, credentials.StoredKey, authMessage);
        var proof = new byte[ChatWire.MaxDatagram];
        int proofLength = HandshakeCodec.WriteProof(proof, new ProofMessage(clientNonce, challenge.ServerNonce, clientProof));
        byte[] answer = await RequestAsync(
            proof[..proofLength],
            d => IsType(d, ChatMessageType.Welcome) || IsErrorOf(d, ProofErrors),
            "PROOF",
            cancellationToken).ConfigureAwait(false);
        if (ChatPrefix.TryRead(answer, out ChatMessageType type) && type == ChatMessageType.Error
            && HandshakeCodec.TryReadError(answer, out ErrorMessage error) && error.Code == ChatErrorCode.AuthenticationFailed)
        {
            throw new ChatException(ChatErrorCode.AuthenticationFailed, $"login refused for '{userName}': wrong user name or password");
        }

        ThrowIfError(answer, "login");
        if (!HandshakeCodec.TryReadWelcome(answer, out WelcomeMessage welcome)
            || !CryptographicOperations.FixedTimeEquals(welcome.ServerSignature, Scram.ServerSignature(credentials.ServerKey, authMessage)))
        {
            throw new ChatException(ChatErrorCode.AuthenticationFailed, "the server could not prove it knows this account (bad server signature): not talking to it");
        }

        var session = new ChatSession(userName, welcome.SessionId, Scram.DeriveSessionKeys(credentials.ClientKey, authMessage));
        bool? connection;
        lock (_gate)
        {
            _session = session;
            _credentials = credentials;
            _firstUnansweredTicks = 0;
            _unansweredSends = 0;
            _outbox.RestartTransfers();
            _receipts.ResetSends();
            _groupRequests.ResetSends();
            Pump(Now(), []);
            connection = RecomputeConnected();
        }

        ReportConnection(connection);
    }

    private Task<byte[]> RequestAsync(byte[] request, Func<byte[], bool> accept, string what, CancellationToken cancellationToken) =>
        RequestAsync(request, accept, what, new StrongBox<int>(), cancellationToken);

    private async Task<byte[]> RequestAsync(byte[] request, Func<byte[], bool> accept, string what, StrongBox<int> sends, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _handshakeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _handshake.RequestAsync(sends, () => SendRaw(request), accept, _options.HandshakeTimeout, _time, $"{what} from {Server}", cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _handshakeTurn.Release();
        }
    }

    private void TryStartResume()
    {
        CachedCredentials? credentials;
        lock (_gate)
        {
            credentials = _credentials;
            long now = Now();
            if (credentials is null || _session is null || now - _lastResumeTicks < ResumeSpacing.Ticks || _disposed != 0)
            {
                return;
            }

            _lastResumeTicks = now;
        }

        if (Interlocked.Exchange(ref _resuming, 1) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await LoginCoreAsync(credentials.UserName, null, credentials, _stopping.Token).ConfigureAwait(false);
            }
            catch (ChatException)
            {
                // Still unreachable or refused: the next UnknownSession error tries again; deadlines report lasting failure.
            }
            catch (OperationCanceledException)
            {
                // Closing.
            }
            catch (ObjectDisposedException)
            {
                // Closing.
            }
            finally
            {
                Volatile.Write(ref _resuming, 0);
            }
        });
    }

    private static bool IsErrorOf(byte[] datagram, ChatErrorCode[] codes) =>
        IsType(datagram, ChatMessageType.Error) && HandshakeCodec.TryReadError(datagram, out ErrorMessage error) && codes.Contains(error.Code);

    private static bool IsType(byte[] datagram, ChatMessageType type) => ChatPrefix.TryRead(datagram, out ChatMessageType actual) && actual == type;

    private static void ThrowIfError(byte[] reply, string what)
    {
        if (IsType(reply, ChatMessageType.Error))
        {
            string text = HandshakeCodec.TryReadError(reply, out ErrorMessage error) ? error.Text : "malformed error";
            throw new ChatException(error.Code, $"{what} refused by the server: {error.Code}{(text.Length > 0 ? $" ({text})" : string.Empty)}");
        }
    }
}
