namespace UdpSuite.Protocol.Security.Passwords;

/// <summary>
/// Which Argon2id parameters a client agrees to compute a password proof with. A server that asks for less than the
/// floor is refused before any proof is sent (weak parameters make a captured proof cheap to brute-force); one that
/// asks for more than the ceiling is refused too (a hostile server could otherwise make the client allocate
/// gigabytes or spin for minutes).
/// </summary>
/// <remarks>
/// The shipped client uses <see cref="Shipped"/>, whose floor is OWASP's minimum. A cheaper floor exists only through
/// <see cref="ForTests"/>, which is internal: no command-line option, configuration key or environment variable of the
/// shipped programs can reach it. Servers may be configured with cheaper parameters (so test suites that log in
/// hundreds of times stay fast); clients then accept them only in tests that build this policy explicitly.
/// </remarks>
public sealed class Argon2idPolicy
{
    /// <summary>The most memory a client agrees to spend: 1 GiB.</summary>
    public const long MaxMemoryKiB = 1024 * 1024;

    /// <summary>The most passes a client agrees to make.</summary>
    public const long MaxIterations = 16;

    private Argon2idPolicy(Argon2idParameters floor) => Floor = floor;

    /// <summary>The policy of every shipped client: at least <see cref="Argon2idParameters.OwaspMinimum"/>.</summary>
    public static Argon2idPolicy Shipped { get; } = new(Argon2idParameters.OwaspMinimum);

    /// <summary>The weakest parameters accepted (each of m and t at least this).</summary>
    public Argon2idParameters Floor { get; }

    /// <summary>A policy with a floor below OWASP's minimum, for tests only (see the remarks).</summary>
    internal static Argon2idPolicy ForTests(Argon2idParameters floor) => new(floor);

    /// <summary>
    /// Whether a client may compute a proof with <paramref name="requested"/>; when not, <paramref name="refusal"/> is
    /// the message for the user.
    /// </summary>
    public bool Accepts(Argon2idParameters requested, out string? refusal)
    {
        if (requested.MemoryKiB < Floor.MemoryKiB || requested.Iterations < Floor.Iterations)
        {
            refusal = $"The server asks for Argon2id with {requested}, weaker than this client's minimum ({Floor}). No password proof was sent: the server is misconfigured or is not the server you expect.";
            return false;
        }

        if (requested.MemoryKiB > MaxMemoryKiB || requested.Iterations > MaxIterations)
        {
            refusal = $"The server asks for Argon2id with {requested}, more than this client computes (at most {new Argon2idParameters(MaxMemoryKiB, MaxIterations, 1)}). No password proof was sent.";
            return false;
        }

        refusal = null;
        return true;
    }
}
