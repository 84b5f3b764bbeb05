using System.Globalization;
using System.Net;

namespace UdpSuite.Benchmarks.RelayLoad;

/// <summary>
/// Command line of the relay load driver:
/// <c>relay --server 127.0.0.1:PORT [--pairs 2] [--messages 2000] [--window 32] [--timeout 60] [--text-bytes 64]</c>.
/// Each pair is a sender and a receiver account created for the run; <c>--window</c> caps the messages of one pair that
/// were sent but not yet received (an end-to-end window, like udpload's <c>-w</c>).
/// </summary>
internal sealed record RelayLoadOptions(IPEndPoint Server, int Pairs, int MessagesPerPair, int Window, TimeSpan Timeout, int TextBytes)
{
    public static RelayLoadOptions Parse(IReadOnlyList<string> args)
    {
        IPEndPoint? server = null;
        int pairs = 2, messages = 2000, window = 32, textBytes = 64;
        double timeoutSeconds = 60;
        for (int i = 0; i < args.Count; i++)
        {
            string value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--server": server = IPEndPoint.Parse(value); break;
                case "--pairs": pairs = PositiveInt(value, "--pairs"); break;
                case "--messages": messages = PositiveInt(value, "--messages"); break;
                case "--window": window = PositiveInt(value, "--window"); break;
                case "--text-bytes": textBytes = PositiveInt(value, "--text-bytes"); break;
                case "--timeout": timeoutSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        return new RelayLoadOptions(
            server ?? throw new ArgumentException("--server HOST:PORT is required"),
            pairs, messages, window, TimeSpan.FromSeconds(timeoutSeconds), Math.Max(textBytes, 24));
    }

    private static int PositiveInt(string value, string name)
    {
        int parsed = int.Parse(value, CultureInfo.InvariantCulture);
        return parsed > 0 ? parsed : throw new ArgumentException($"{name} must be positive");
    }
}
