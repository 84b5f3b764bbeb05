using System.Security.Cryptography;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Register and log in over protocol version 2 (docs/PROTOCOL.md): every login is a new Noise NX channel
/// whose server key is checked against the pin before anything else is sent, then LOGIN_START → LOGIN_PARAMS (checked
/// with the Argon2id policy) → LOGIN_PROOF bound to the handshake hash → WELCOME (the server's signature checked).
/// Each login message is resent (a new packet number each time) until answered or <see cref="ChatClientOptions.HandshakeTimeout"/>.
/// </summary>
public sealed partial class ChatClient
{
    private readonly byte[] _loginDatagram = new byte[ChannelWire.MaxDatagram];
    private ChannelClient? _pending;
    private TaskCompletionSource? _pendingKeyPresented;

    /// <summary>One login attempt on a new channel; installs the session when the server proved itself.</summary>
    private async Task LoginCoreAsync(string userName, string? password, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _handshakeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        ChannelClient? channel = null;
        try
        {
            channel = await OpenChannelAsync(cancellationToken).ConfigureAwait(false);
            byte[] reply = await ExchangeAsync(
                channel, ChannelMessageType.LoginStart, Body(b => LoginMessages.WriteLoginStart(b, userName)), IsLoginParametersOrError, "LOGIN_START", cancellationToken).ConfigureAwait(false);
            ThrowIfChannelError(reply, "login");
            LoginMessages.TryReadLoginParameters(reply.AsSpan(1), out LoginParameters? parameters);
            if (!_options.PasswordPolicy.Accepts(parameters!.Parameters, out string? refusal))
            {
                throw new ChatException(refusal!);
            }

            byte[] secret = await SecretAsync(userName, password, parameters, cancellationToken).ConfigureAwait(false);
            byte[] authMessage = new byte[LoginProof.MaxAuthMessageLength];
            int authLength;
            lock (_gate)
            {
                authLength = LoginProof.WriteAuthMessage(userName, parameters.Salt, parameters.Parameters, channel.Session.HandshakeHash, authMessage);
            }

            authMessage = authMessage[..authLength];
            byte[] proof = new byte[LoginProof.KeyLength];
            LoginProof.ComputeClientProof(secret, authMessage, proof);
            byte[] answer = await ExchangeAsync(
                channel, ChannelMessageType.LoginProof, Body(b => LoginMessages.WriteLoginProof(b, new LoginProofMessage(userName, proof) { Device = LoginDeviceTail() })), IsWelcomeOrError, "LOGIN_PROOF", cancellationToken).ConfigureAwait(false);
            if (TryReadChannelError(answer, out ChannelError? error) && error.Code == ChatErrorCode.AuthenticationFailed)
            {
                throw new ChatException(ChatErrorCode.AuthenticationFailed, $"login refused for '{userName}': wrong user name or password");
            }

            ThrowIfChannelError(answer, "login");
            if (!LoginMessages.TryReadWelcome(answer.AsSpan(1), out ReadOnlySpan<byte> signature) || !LoginProof.VerifyServerSignature(secret, authMessage, signature))
            {
                throw new ChatException(ChatErrorCode.AuthenticationFailed, "the server could not prove it knows this account (bad server signature): not talking to it");
            }

            InstallSession(userName, channel, new CachedCredentials(userName, parameters.Salt, parameters.Parameters, secret));
            channel = null; // the session owns it now
        }
        finally
        {
            ReleasePending(channel);
            _handshakeTurn.Release();
        }
    }

    /// <summary>Creates the account on a channel of its own: only the verifier travels, sealed, after the server key is checked.</summary>
    private async Task RegisterCoreAsync(string userName, string password, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        byte[] salt = RandomNumberGenerator.GetBytes(Argon2idParameters.SaltLength);
        Argon2idParameters parameters = _options.RegistrationParameters;
        byte[] secret = await DeriveAsync(password, salt, parameters, cancellationToken).ConfigureAwait(false);
        PasswordVerifier verifier = LoginProof.CreateVerifier(secret, salt, parameters);
        CryptographicOperations.ZeroMemory(secret);
        byte[] body = Body(b => LoginMessages.WriteRegister(b, new RegisterRequest(userName, verifier)));

        await _handshakeTurn.WaitAsync(cancellationToken).ConfigureAwait(false);
        ChannelClient? channel = null;
        try
        {
            channel = await OpenChannelAsync(cancellationToken).ConfigureAwait(false);
            byte[] reply = await ExchangeAsync(channel, ChannelMessageType.Register, body, IsRegisteredOrError, "REGISTER", cancellationToken).ConfigureAwait(false);
            ThrowIfChannelError(reply, "registration");
        }
        finally
        {
            ReleasePending(channel);
            _handshakeTurn.Release();
        }
    }

    /// <summary>
    /// Runs the NX handshake on a new channel (retransmitting the INITIATION on its own schedule, answering a cookie
    /// reply), then checks the server's key: a refused key throws <see cref="ServerKeyMismatchException"/> and nothing
    /// more is sent. One attempt gives up after <see cref="ChannelClient.HandshakeTimeout"/>; while
    /// <see cref="ChatClientOptions.HandshakeTimeout"/> allows, a fresh attempt (new ephemeral key, new handshake id)
    /// follows, as WireGuard starts a new handshake rather than resending one forever: on a lossy path five sends of
    /// one attempt can all be lost. Called with <see cref="_handshakeTurn"/> held; the caller releases the channel.
    /// </summary>
    private async Task<ChannelClient> OpenChannelAsync(CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        ChannelClient channel;
        while (true)
        {
            channel = await RunHandshakeAttemptAsync(started, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (channel.State != ChannelClientState.TimedOut)
                {
                    break;
                }

                if (ReferenceEquals(_pending, channel))
                {
                    _pending = null;
                    _pendingKeyPresented = null;
                }

                channel.Dispose();
            }

            if (_time.GetElapsedTime(started) >= _options.HandshakeTimeout)
            {
                throw HandshakeTimeout();
            }
        }

        byte[] serverKey;
        lock (_gate)
        {
            serverKey = channel.ServerStaticKey.ToArray();
        }

        PinVerification verification;
        try
        {
            verification = _keyCheck.Verify(serverKey);
        }
        catch (ChatException)
        {
            Refuse(channel);
            throw;
        }

        if (!verification.IsTrusted)
        {
            Refuse(channel);
            throw new ServerKeyMismatchException(verification);
        }

        lock (_gate)
        {
            channel.AcceptServerKey(ChannelNow());
        }

        if (verification.Outcome == PinOutcome.PinnedNew)
        {
            SubscriberIsolation.Invoke(_options.OnServerKeyPinned, verification, _options.Logger, nameof(ChatClientOptions.OnServerKeyPinned));
            SubscriberIsolation.Raise(ServerKeyPinned, this, verification, _options.Logger, nameof(ServerKeyPinned));
        }

        return channel;
    }

    /// <summary>
    /// One handshake attempt: sends the INITIATION and resends it until the server presents its key, the attempt
    /// times out (the channel is then <see cref="ChannelClientState.TimedOut"/>), or the overall login time is up.
    /// </summary>
    private async Task<ChannelClient> RunHandshakeAttemptAsync(long started, CancellationToken cancellationToken)
    {
        var channel = new ChannelClient();
        var presented = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending = channel;
            _pendingKeyPresented = presented;
            int length = channel.Start(ChannelNow(), _loginDatagram);
            SendRaw(_loginDatagram.AsSpan(0, length));
        }

        while (!presented.Task.IsCompleted)
        {
            TimeSpan wait;
            lock (_gate)
            {
                if (channel.NextTimer is not { } next)
                {
                    break;
                }

                wait = next - ChannelNow();
            }

            TimeSpan left = _options.HandshakeTimeout - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                ReleasePending(channel);
                throw HandshakeTimeout();
            }

            wait = wait < left ? wait : left;
            try
            {
                await presented.Task.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                lock (_gate)
                {
                    ClientTimerAction action = channel.OnTimer(ChannelNow(), _loginDatagram);
                    if (action == ClientTimerAction.Retransmit)
                    {
                        SendRaw(_loginDatagram.AsSpan(0, ChannelWire.InitiationLength));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                ReleasePending(channel);
                throw;
            }
        }

        return channel;
    }

    private ChatTimeoutException HandshakeTimeout() =>
        new($"no answer to the handshake from {Server} within {_options.HandshakeTimeout.TotalSeconds:0.#} s (is the chat server running, and is the address right?)");

    private void Refuse(ChannelClient channel)
    {
        lock (_gate)
        {
            channel.RefuseServerKey();
        }
    }

    /// <summary>Sends one login message on <paramref name="channel"/> (sealed anew for every resend) until an accepted answer; returns inner type and body.</summary>
    private async Task<byte[]> ExchangeAsync(ChannelClient channel, ChannelMessageType type, byte[] body, Func<byte[], bool> accept, string what, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return await _handshake.RequestAsync(
            new System.Runtime.CompilerServices.StrongBox<int>(),
            () =>
            {
                lock (_gate)
                {
                    SealResult sealedMessage = channel.Seal((byte)type, body, ChannelNow(), _loginDatagram);
                    if (sealedMessage.IsSealed)
                    {
                        SendRaw(_loginDatagram.AsSpan(0, sealedMessage.Length));
                    }
                }
            },
            accept,
            _options.HandshakeTimeout,
            _time,
            $"{what} from {Server}",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Argon2id secret for this login: derived from the password (off the receive loop), or the cached one when re-logging in by itself.</summary>
    private async Task<byte[]> SecretAsync(string userName, string? password, LoginParameters parameters, CancellationToken cancellationToken)
    {
        if (password is not null)
        {
            return await DeriveAsync(password, parameters.Salt, parameters.Parameters, cancellationToken).ConfigureAwait(false);
        }

        CachedCredentials? cached;
        lock (_gate)
        {
            cached = _credentials;
        }

        return cached is not null && cached.Matches(userName, parameters.Salt, parameters.Parameters)
            ? cached.Secret
            : throw new ChatException(ChatErrorCode.AuthenticationFailed, "the account's salt or password-hash parameters changed; log in again with the password");
    }

    /// <summary>Argon2id on the thread pool: it costs tens of milliseconds and must never run on the receive loop.</summary>
    private static Task<byte[]> DeriveAsync(string password, byte[] salt, Argon2idParameters parameters, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                byte[] secret = new byte[Argon2idParameters.OutputLength];
                Argon2idPasswordHash.Derive(password, salt, parameters, secret);
                return secret;
            },
            cancellationToken);

    /// <summary>The login succeeded: <paramref name="channel"/> becomes the session; what was in flight goes out again under it.</summary>
    private void InstallSession(string userName, ChannelClient channel, CachedCredentials credentials)
    {
        bool? connection;
        lock (_gate)
        {
            _session?.Dispose();
            _session = new ChatSession(userName, channel);
            _pending = null;
            _pendingKeyPresented = null;
            _sessionExhausted = false;
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

    /// <summary>Forgets a channel that did not become the session (failed, refused or registration only).</summary>
    private void ReleasePending(ChannelClient? channel)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_pending, channel) || channel is null)
            {
                _pending = null;
                _pendingKeyPresented = null;
            }

            channel?.Dispose();
        }
    }

    private void TryStartResume()
    {
        CachedCredentials? credentials;
        lock (_gate)
        {
            credentials = _credentials;
            long now = Now();
            if (credentials is null || _session is null || _serverKeyRefusal is not null || now - _lastResumeTicks < ResumeSpacing.Ticks || _disposed != 0)
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
                await LoginCoreAsync(credentials.UserName, null, _stopping.Token).ConfigureAwait(false);
            }
            catch (ServerKeyMismatchException refused)
            {
                StopForRefusedKey(refused); // the server came back with another key: no resume will get past it
            }
            catch (ChatException)
            {
                // Still unreachable or refused: the next silence tries again; deadlines report lasting failure.
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

    private static bool IsLoginParametersOrError(byte[] message) =>
        (IsInner(message, ChannelMessageType.LoginParams) && LoginMessages.TryReadLoginParameters(message.AsSpan(1), out _)) || TryReadChannelError(message, out _);

    private static bool IsWelcomeOrError(byte[] message) =>
        (IsInner(message, ChannelMessageType.Welcome) && LoginMessages.TryReadWelcome(message.AsSpan(1), out _)) || TryReadChannelError(message, out _);

    private static bool IsRegisteredOrError(byte[] message) =>
        (IsInner(message, ChannelMessageType.Registered) && message.Length == 1) || TryReadChannelError(message, out _);

    private static bool IsInner(byte[] message, ChannelMessageType type) => message.Length > 0 && message[0] == (byte)type;

    private static bool TryReadChannelError(byte[] message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChannelError? error)
    {
        error = null;
        return IsInner(message, ChannelMessageType.Error) && LoginMessages.TryReadError(message.AsSpan(1), out error) && error is not null;
    }

    private static void ThrowIfChannelError(byte[] message, string what)
    {
        if (TryReadChannelError(message, out ChannelError? error))
        {
            throw new ChatException(error.Code, $"{what} refused by the server: {error.Code}{(error.Text.Length > 0 ? $" ({error.Text})" : string.Empty)}");
        }
    }

    /// <summary>The device tail of LOGIN_PROOF from <see cref="ChatClientOptions.Device"/> and <see cref="ChatClientOptions.Transient"/>; null for neither.</summary>
    private LoginDevice? LoginDeviceTail() => _options.Device switch
    {
        { } device => new LoginDevice(device.Id, _options.Transient, device.Name),
        null when _options.Transient => new LoginDevice(_transientDeviceId, Transient: true, ChatDevice.DefaultName("transient")),
        null => null,
    };
}
