using System.Globalization;

namespace UdpSuite.Protocol.Security.Passwords;

/// <summary>
/// Argon2id cost parameters as the server stores them with a password verifier and tells the client inside the secure
/// channel: memory in KiB, passes and lanes. The constructor enforces what libsodium can compute (one lane, at least
/// 8 KiB and one pass), not what is safe: <see cref="Argon2idPolicy"/> decides that.
/// </summary>
public readonly record struct Argon2idParameters
{
    /// <summary>OWASP's minimum for Argon2id (Password Storage Cheat Sheet): m = 19 MiB, t = 2, p = 1.</summary>
    public static Argon2idParameters OwaspMinimum { get; } = new(19 * 1024, 2, 1);

    /// <summary>The salt length libsodium's Argon2id takes.</summary>
    public const int SaltLength = 16;

    /// <summary>The length of the derived secret.</summary>
    public const int OutputLength = 32;

    public Argon2idParameters(long memoryKiB, long iterations, int parallelism)
    {
        if (parallelism != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism, "libsodium's Argon2id computes exactly one lane (p = 1).");
        }

        if (memoryKiB < 8 || memoryKiB > 4L * 1024 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(memoryKiB), memoryKiB, "Argon2id memory must be between 8 KiB and 4 TiB.");
        }

        if (iterations < 1 || iterations > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Argon2id needs at least one pass.");
        }

        MemoryKiB = memoryKiB;
        Iterations = iterations;
        Parallelism = parallelism;
    }

    /// <summary>m, in KiB.</summary>
    public long MemoryKiB { get; }

    /// <summary>t, the number of passes over memory.</summary>
    public long Iterations { get; }

    /// <summary>p, the lanes (always 1 with libsodium).</summary>
    public int Parallelism { get; }

    /// <summary>"m = 19 MiB, t = 2, p = 1" (KiB when not a whole number of MiB).</summary>
    public override string ToString()
    {
        string memory = MemoryKiB % 1024 == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{MemoryKiB / 1024} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"{MemoryKiB} KiB");
        return string.Create(CultureInfo.InvariantCulture, $"m = {memory}, t = {Iterations}, p = {Parallelism}");
    }
}
