using NodaTime;

namespace UdpSuite.Server.Chat.Sessions.Devices;

/// <summary>What <see cref="SessionRoster{TSession}"/> needs to know of a session: who, which, what kind, how recently active.</summary>
public interface IRosterSession
{
    ulong Id { get; }

    string User { get; }

    /// <summary>A one-shot command's session: no presence, no deliveries, first to go when the user is at the cap.</summary>
    bool Transient { get; }

    /// <summary>When the session last sent an authenticated datagram.</summary>
    Instant LastActivity { get; }
}
