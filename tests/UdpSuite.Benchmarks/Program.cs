using BenchmarkDotNet.Running;
using UdpSuite.Benchmarks.RelayLoad;

namespace UdpSuite.Benchmarks;

/// <summary>
/// Micro-benchmarks for the hot paths (see docs/BENCHMARKS.md):
/// <c>dotnet run -c Release --project tests/UdpSuite.Benchmarks -- --filter '*' --job short</c>.
/// The first argument <c>relay</c> runs the chat relay load driver instead (used by scripts/bench-server.sh).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "relay")
        {
            return await RelayLoadRunner.RunAsync(RelayLoadOptions.Parse(args[1..])).ConfigureAwait(false);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
