using System.Security.Cryptography;
using NodaTime;
using UdpSuite.Protocol.Security.Channel.Login;
using UdpSuite.Server.Chat.Login;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// The store work of a pending login's request on channel <see cref="SessionId"/>: the account lookup of a LOGIN_START
/// for <see cref="User"/>, or (with <see cref="Register"/>) a REGISTER. <see cref="Login"/> is the pending login it
/// belongs to, so a completion for a login that ended meanwhile is recognised and dropped. The outcome is
/// <see cref="Account"/> (lookup), <see cref="Registration"/> (REGISTER), or a <see cref="Failure"/>; the core writes the
/// LOGIN_PARAMS (a decoy for an unknown name), REGISTERED or ERROR when it completes.
/// </summary>
internal readonly record struct LoginStoreItem(ulong SessionId, PendingChannelLogin Login, string User, RegisterRequest? Register, Instant At)
{
    public StoredAccount? Account { get; init; }

    /// <summary>The presence the account chose last (durable across restarts), read with the account.</summary>
    public PresenceChoice? Choice { get; init; }

    public RegistrationOutcome Registration { get; init; }

    public ChatStoreException? Failure { get; init; }

    /// <summary>Runs the lookup or registration against <paramref name="store"/> (on the store worker); a store failure fails the item.</summary>
    public LoginStoreItem Run(IChatStore store)
    {
        try
        {
            if (Register is not { } register)
            {
                StoredAccount? account = store.FindUser(User);
                PresenceChoice? choice = account is not null && store is IDeviceLogStore log ? log.LoadPresenceChoice(User) : null;
                return this with { Account = account, Choice = choice };
            }

            if (store.TryAddUser(register.UserName, register.Verifier, At))
            {
                return this with { Registration = RegistrationOutcome.Added };
            }

            // The REGISTERED for this very REGISTER was lost and the client resent it: the same answer again.
            return this with { Registration = IsSame(store.FindUser(register.UserName)?.Verifier, register.Verifier) ? RegistrationOutcome.Repeated : RegistrationOutcome.Taken };
        }
        catch (ChatStoreException ex)
        {
            return this with { Failure = ex };
        }
    }

    private static bool IsSame(PasswordVerifier? stored, PasswordVerifier sent) =>
        stored is not null && stored.Parameters == sent.Parameters
        && CryptographicOperations.FixedTimeEquals(stored.Salt, sent.Salt)
        && CryptographicOperations.FixedTimeEquals(stored.StoredKey, sent.StoredKey)
        && CryptographicOperations.FixedTimeEquals(stored.ServerKey, sent.ServerKey);
}

/// <summary>What a REGISTER did: created the account, found the same registration already stored (a resend), or found the name taken.</summary>
internal enum RegistrationOutcome
{
    Added,
    Repeated,
    Taken,
}
