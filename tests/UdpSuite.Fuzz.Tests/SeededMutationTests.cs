using Xunit.Abstractions;
using System.Diagnostics;
using UdpSuite.Fuzz.Support;
using UdpSuite.Fuzz.Targets;

namespace UdpSuite.Fuzz.Tests;

/// <summary>
/// The CI-bounded fuzz run: for each family a fixed number of inputs mutated from its seeds with a fixed seed (bit
/// flips, truncation, oversizing up to 65,507 bytes, splicing, pure random), each checked by the family's target.
/// Deterministic: a failure names the seed and input number, and `UdpSuite.Fuzz &lt;family&gt; random` finds it again.
/// </summary>
public sealed class SeededMutationTests(ITestOutputHelper output)
{
    public static TheoryData<string, int, int> Budgets() => new()
    {
        { "timetext", 20260101, 15_000 },
        { "sntp", 20260102, 20_000 },
        { "rfc868", 20260103, 20_000 },
        { "chat", 20260104, 15_000 },
        { "reassembly", 20260105, 10_000 },
        { "contacts", 20260106, 1_500 },
        { "ipmsg", 20260107, 20_000 },
    };

    [Theory]
    [MemberData(nameof(Budgets))]
    public void Mutated_inputs_never_break_a_property(string family, int seed, int count)
    {
        IFuzzTarget target = FuzzTargets.Create(family);
        try
        {
            List<byte[]> pool = [.. target.Seeds()];
            var mutator = new Mutator(seed);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < count; i++)
            {
                byte[] input = mutator.Next(pool);
                try
                {
                    target.Run(input);
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{family} input #{i} (seed {seed}, {input.Length} bytes, hex {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}): {ex}");
                }

                if (pool.Count < 1024 && mutator.Random.Next(64) == 0)
                {
                    pool.Add(input);
                }
            }

            output.WriteLine($"{family}: {count} inputs in {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }
}
