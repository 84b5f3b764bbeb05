using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UdpSuite.Client.Security;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Client.Chat;

/// <summary>Tunables of a <see cref="ChatClient"/>; the defaults suit a LAN.</summary>
public sealed record ChatClientOptions
{
    /// <summary>How long a message may stay unconfirmed ("sending") before it is reported <see cref="DeliveryState.Failed"/>.</summary>
    public TimeSpan DefaultDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long register, login and group requests wait for the server's answers (the requests are retransmitted meanwhile).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A PING goes out after this long without sending anything, so the server keeps the session.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The server key fingerprint to expect (<c>SHA256:</c> + 43 base64 characters, as <c>udpsuite server key</c> prints
    /// it). When set, the key the server presents must match it and known_servers is not consulted; a mismatch throws
    /// <see cref="ServerKeyMismatchException"/> before any name or credential is sent.
    /// </summary>
    public string? ServerKey { get; init; }

    /// <summary>The server address as the user gave it (the known_servers key); default: the endpoint's text.</summary>
    public string? ServerAddress { get; init; }

    /// <summary>The known_servers file (default <see cref="KnownServersLocator.UserPath()"/>, under XDG_CONFIG_HOME or HOME).</summary>
    public string? KnownServersPath { get; init; }

    /// <summary>
    /// Called (on the login's thread) when a server key was pinned on first contact; front ends show
    /// <see cref="PinVerification.Describe"/> on stderr or as a notice.
    /// </summary>
    public Action<PinVerification>? OnServerKeyPinned { get; init; }

    /// <summary>
    /// Which Argon2id parameters from LOGIN_PARAMS this client computes a proof with. Shipped programs always use
    /// <see cref="Argon2idPolicy.Shipped"/> (OWASP's minimum); test suites use a cheap floor through <see cref="TestPasswordPolicy"/>.
    /// </summary>
    internal Argon2idPolicy PasswordPolicy { get; init; } = Argon2idPolicy.Shipped;

    /// <summary>The Argon2id parameters of a new account's verifier (REGISTER).</summary>
    internal Argon2idParameters RegistrationParameters { get; init; } = Argon2idParameters.OwaspMinimum;

    /// <summary>
    /// Most incoming messages not yet confirmed by the application (<see cref="ChatClient.Confirm"/>), queued for it or taken
    /// by it; beyond it the client takes no further message, so the server keeps them.
    /// </summary>
    public int IncomingCapacity { get; init; } = 10_000;

    /// <summary>Most outgoing messages queued or in flight at once; <see cref="ChatClient.SendAsync(string, string, TimeSpan?, CancellationToken)"/> refuses more.</summary>
    public int OutgoingCapacity { get; init; } = 10_000;

    /// <summary>
    /// The device this client logs in as (<see cref="ChatDevice.ForProgram"/>; docs/PROTOCOL.md, "Sessions and
    /// devices"). Null: the login carries no device (the server counts it as its "unnamed device").
    /// </summary>
    public ChatDevice? Device { get; init; }

    /// <summary>
    /// Logs in as a transient session, as one-shot commands do: its login and logout change nothing others see, it
    /// receives no messages meant for the user's devices and it disturbs no other session of the user. Without a
    /// <see cref="Device"/> a transient login names a random device.
    /// </summary>
    public bool Transient { get; init; }

    /// <summary>
    /// Where the client logs what it cannot report otherwise, e.g. an application's event handler that threw (it is
    /// caught, logged here, and the other handlers still get the event). Default: nowhere.
    /// </summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>Clock for retransmission, deadlines and keepalives (tests substitute a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>A policy with a floor below OWASP's minimum, for test assemblies only.</summary>
    internal static Argon2idPolicy TestPasswordPolicy(Argon2idParameters floor) => Argon2idPolicy.ForTests(floor);
}
