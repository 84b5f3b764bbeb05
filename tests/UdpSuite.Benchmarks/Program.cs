using BenchmarkDotNet.Running;

namespace UdpSuite.Benchmarks;

/// <summary>
/// Micro-benchmarks for the hot paths (see docs/BENCHMARKS.md):
/// <c>dotnet run -c Release --project tests/UdpSuite.Benchmarks -- --filter '*' --job short</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
