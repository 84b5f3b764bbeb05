using UdpSuite.Protocol.Chat;

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

    /// <summary>PBKDF2 iterations for a new account's verifier (the server accepts at least <see cref="ScramVerifier.MinIterations"/>).</summary>
    public int RegistrationIterations { get; init; } = ScramVerifier.DefaultIterations;

    /// <summary>
    /// Most incoming messages not yet confirmed by the application (<see cref="ChatClient.Confirm"/>), queued for it or taken
    /// by it; beyond it the client takes no further message, so the server keeps them.
    /// </summary>
    public int IncomingCapacity { get; init; } = 10_000;

    /// <summary>Most outgoing messages queued or in flight at once; <see cref="ChatClient.SendAsync(string, string, TimeSpan?, CancellationToken)"/> refuses more.</summary>
    public int OutgoingCapacity { get; init; } = 10_000;

    /// <summary>Clock for retransmission, deadlines and keepalives (tests substitute a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
