namespace UdpSuite.Protocol.Security.Channel;

/// <summary>What a session's sending key needs, from <see cref="TransportRekeyPolicy.Evaluate"/>.</summary>
public enum KeyRenewal
{
    /// <summary>Keep sealing with the current key.</summary>
    Current,

    /// <summary>Start renewing the key now (the soft limit is reached); the current key still seals meanwhile.</summary>
    RenewNow,

    /// <summary>The hard limit is reached: seal nothing more with this key.</summary>
    Expired,
}

/// <summary>
/// When a transport key must be renewed: before 2^32 datagrams or 24 hours under one key, whichever comes first.
/// Renewal starts at the soft limits (by default 2^31 datagrams or 23 hours) so that it completes, across loss and
/// retransmission, well before the hard limits, at which a key seals nothing more. Pure: the caller passes the count
/// and the key's age (from its own clock).
/// </summary>
public sealed class TransportRekeyPolicy
{
    /// <summary>The hard datagram limit protocol v2 promises: 2^32.</summary>
    public const ulong MaxDatagramsPerKey = 1UL << 32;

    /// <summary>The hard age limit protocol v2 promises.</summary>
    public static readonly TimeSpan MaxKeyAge = TimeSpan.FromHours(24);

    /// <summary>Hard limits of protocol v2, renewal from 2^31 datagrams or 23 hours.</summary>
    public static TransportRekeyPolicy Default { get; } = new(1UL << 31, TimeSpan.FromHours(23), MaxDatagramsPerKey, MaxKeyAge);

    /// <summary>A policy; soft limits must be positive and below the hard limits, which may not exceed v2's.</summary>
    public TransportRekeyPolicy(ulong renewAfterDatagrams, TimeSpan renewAfterAge, ulong expireAfterDatagrams, TimeSpan expireAfterAge)
    {
        if (expireAfterDatagrams > MaxDatagramsPerKey || expireAfterAge > MaxKeyAge)
        {
            throw new ArgumentException($"A key may seal at most {MaxDatagramsPerKey} datagrams and live at most {MaxKeyAge.TotalHours} hours.");
        }

        if (renewAfterDatagrams == 0 || renewAfterDatagrams >= expireAfterDatagrams)
        {
            throw new ArgumentOutOfRangeException(nameof(renewAfterDatagrams), renewAfterDatagrams, "Renewal must start after at least one datagram and before the hard limit.");
        }

        if (renewAfterAge <= TimeSpan.Zero || renewAfterAge >= expireAfterAge)
        {
            throw new ArgumentOutOfRangeException(nameof(renewAfterAge), renewAfterAge, "Renewal must start after a positive age and before the hard limit.");
        }

        RenewAfterDatagrams = renewAfterDatagrams;
        RenewAfterAge = renewAfterAge;
        ExpireAfterDatagrams = expireAfterDatagrams;
        ExpireAfterAge = expireAfterAge;
    }

    public ulong RenewAfterDatagrams { get; }

    public TimeSpan RenewAfterAge { get; }

    public ulong ExpireAfterDatagrams { get; }

    public TimeSpan ExpireAfterAge { get; }

    /// <summary>The state of a key that has sealed <paramref name="datagramsSealed"/> datagrams and is <paramref name="keyAge"/> old.</summary>
    public KeyRenewal Evaluate(ulong datagramsSealed, TimeSpan keyAge)
    {
        if (datagramsSealed >= ExpireAfterDatagrams || keyAge >= ExpireAfterAge)
        {
            return KeyRenewal.Expired;
        }

        return datagramsSealed >= RenewAfterDatagrams || keyAge >= RenewAfterAge ? KeyRenewal.RenewNow : KeyRenewal.Current;
    }
}
