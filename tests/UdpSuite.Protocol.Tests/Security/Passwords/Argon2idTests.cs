using System.Text;
using UdpSuite.Protocol.Security.Passwords;

namespace UdpSuite.Protocol.Tests.Security.Passwords;

public sealed class Argon2idTests
{
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("udpsuite-salt-16");

    // Expected outputs from the reference implementation (Debian's argon2 CLI, Argon2 v1.3):
    // echo -n "correct horse 口令" | argon2 udpsuite-salt-16 -id -t 2 -k 19456 -p 1 -l 32 -r
    [Theory]
    [InlineData(19 * 1024, 2, "70d116eb07c592fefe7c5d47f3b138fdb5a0ea6e7d38cc38ba0bfb73cbef3a52")]
    [InlineData(8, 1, "0b56bafdf589e49b8526afb2ac6b3fee6d5ad61e80789d7e06ee401e18b53b4f")]
    public void Derive_matches_the_reference_implementation(long memoryKiB, long iterations, string expectedHex)
    {
        byte[] output = new byte[Argon2idParameters.OutputLength];
        Argon2idPasswordHash.Derive("correct horse 口令", Salt, new Argon2idParameters(memoryKiB, iterations, 1), output);
        Assert.Equal(expectedHex, Convert.ToHexString(output).ToLowerInvariant());
    }

    [Fact]
    public void The_shipped_policy_accepts_OWASPs_minimum_and_stronger()
    {
        Assert.Equal(new Argon2idParameters(19 * 1024, 2, 1), Argon2idPolicy.Shipped.Floor);
        Assert.True(Argon2idPolicy.Shipped.Accepts(Argon2idParameters.OwaspMinimum, out string? refusal));
        Assert.Null(refusal);
        Assert.True(Argon2idPolicy.Shipped.Accepts(new Argon2idParameters(64 * 1024, 3, 1), out _));
    }

    [Theory]
    [InlineData(19 * 1024 - 1, 2)]
    [InlineData(19 * 1024, 1)]
    [InlineData(8, 1)]
    public void The_shipped_policy_refuses_weaker_parameters_with_a_clear_message(long memoryKiB, long iterations)
    {
        var requested = new Argon2idParameters(memoryKiB, iterations, 1);
        Assert.False(Argon2idPolicy.Shipped.Accepts(requested, out string? refusal));
        Assert.Contains(requested.ToString(), refusal);
        Assert.Contains("m = 19 MiB, t = 2, p = 1", refusal);
        Assert.Contains("No password proof was sent", refusal);
    }

    [Theory]
    [InlineData(1024 * 1024 + 1, 2)]
    [InlineData(19 * 1024, 17)]
    public void Parameters_beyond_the_ceiling_are_refused_so_a_hostile_server_cannot_exhaust_the_client(long memoryKiB, long iterations)
    {
        Assert.False(Argon2idPolicy.Shipped.Accepts(new Argon2idParameters(memoryKiB, iterations, 1), out string? refusal));
        Assert.Contains("more than this client computes", refusal);
    }

    [Fact]
    public void Only_a_test_built_policy_accepts_cheap_parameters()
    {
        var cheap = new Argon2idParameters(8, 1, 1);
        Assert.False(Argon2idPolicy.Shipped.Accepts(cheap, out _));
        Assert.True(Argon2idPolicy.ForTests(cheap).Accepts(cheap, out _));

        // The way in is internal: nothing public constructs a policy with another floor.
        Assert.Empty(typeof(Argon2idPolicy).GetConstructors());
        Assert.False(typeof(Argon2idPolicy).GetMethod(nameof(Argon2idPolicy.ForTests), System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.IsPublic);
    }

    [Fact]
    public void Parameters_libsodium_cannot_compute_are_refused_at_construction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idParameters(19 * 1024, 2, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idParameters(7, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idParameters(19 * 1024, 0, 1));
        Assert.Equal("m = 19 MiB, t = 2, p = 1", Argon2idParameters.OwaspMinimum.ToString());
        Assert.Equal("m = 8 KiB, t = 1, p = 1", new Argon2idParameters(8, 1, 1).ToString());
    }
}
