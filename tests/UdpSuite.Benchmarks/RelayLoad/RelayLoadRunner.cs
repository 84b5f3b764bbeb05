using System.Diagnostics;
using System.Globalization;
using UdpSuite.Client.Chat;

namespace UdpSuite.Benchmarks.RelayLoad;

/// <summary>
/// Drives a running relay with sender→receiver pairs through the real client library (SCRAM login, MAC, acks,
/// receipts) and prints one udpload-style line: messages relayed per second, loss, duplicates, and end-to-end latency
/// percentiles (sender's SendAsync to the receiver reading the message, both in this process on one monotonic clock).
/// Every loop is bounded by the message count and by <see cref="RelayLoadOptions.Timeout"/>.
/// </summary>
internal static class RelayLoadRunner
{
    private const string Password = "relay-load-password";

    public static async Task<int> RunAsync(RelayLoadOptions options)
    {
        using var timeout = new CancellationTokenSource(options.Timeout);
        string prefix = "rl" + Guid.NewGuid().ToString("N")[..8];
        var clientOptions = new ChatClientOptions { OutgoingCapacity = options.Window * 4 + 16, IncomingCapacity = options.MessagesPerPair + 16 };
        var pairs = new List<(ChatClient Sender, ChatClient Receiver, string ReceiverName)>();
        try
        {
            for (int p = 0; p < options.Pairs; p++)
            {
                ChatClient sender = await LoggedInAsync($"{prefix}s{p}", options, clientOptions, timeout.Token).ConfigureAwait(false);
                string receiverName = $"{prefix}r{p}";
                ChatClient receiver = await LoggedInAsync(receiverName, options, clientOptions, timeout.Token).ConfigureAwait(false);
                pairs.Add((sender, receiver, receiverName));
            }

            var latencies = new long[options.Pairs][];
            var received = new int[options.Pairs];
            var duplicates = new int[options.Pairs];
            long started = Stopwatch.GetTimestamp();
            Task[] runs = pairs.Select((pair, p) => RunPairAsync(pair.Sender, pair.Receiver, pair.ReceiverName, options, p, latencies, received, duplicates, timeout.Token)).ToArray();
            try
            {
                await Task.WhenAll(runs).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"relay load: timed out after {options.Timeout.TotalSeconds} s; counting what arrived");
            }

            double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            long[] all = latencies.Where(l => l is not null).SelectMany(l => l).Where(t => t > 0).Order().ToArray();
            long sent = (long)options.Pairs * options.MessagesPerPair;
            long got = received.Sum();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pairs={options.Pairs} window={options.Window} sent={sent} received={got} lost={sent - got} duplicates={duplicates.Sum()} rate={got / elapsed:F1}/s p50_us={Percentile(all, 0.50)} p99_us={Percentile(all, 0.99)} elapsed_s={elapsed:F2}"));
            return got == sent && duplicates.Sum() == 0 ? 0 : 1;
        }
        finally
        {
            foreach ((ChatClient sender, ChatClient receiver, _) in pairs)
            {
                await sender.DisposeAsync().ConfigureAwait(false);
                await receiver.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<ChatClient> LoggedInAsync(string name, RelayLoadOptions options, ChatClientOptions clientOptions, CancellationToken cancellationToken)
    {
        var client = new ChatClient(options.Server, clientOptions);
        await client.RegisterAsync(name, Password, cancellationToken).ConfigureAwait(false);
        await client.LoginAsync(name, Password, cancellationToken).ConfigureAwait(false);
        return client;
    }

    private static async Task RunPairAsync(
        ChatClient sender, ChatClient receiver, string receiverName, RelayLoadOptions options, int pair,
        long[][] latencies, int[] received, int[] duplicates, CancellationToken cancellationToken)
    {
        int count = options.MessagesPerPair;
        var sentAt = new long[count];
        var latency = new long[count];
        latencies[pair] = latency;
        using var window = new SemaphoreSlim(options.Window, options.Window);
        string padding = new('x', options.TextBytes - 12);

        async Task ReceiveAsync()
        {
            var seen = new bool[count];
            int got = 0;
            await foreach (IncomingMessage message in receiver.ReadMessagesAsync(cancellationToken).ConfigureAwait(false))
            {
                long now = Stopwatch.GetTimestamp();
                receiver.Confirm(message);
                int index = int.Parse(message.Text.AsSpan(0, 10), NumberStyles.None, CultureInfo.InvariantCulture);
                if (seen[index])
                {
                    duplicates[pair]++;
                    continue;
                }

                seen[index] = true;
                latency[index] = (long)Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[index]), now).TotalMicroseconds;
                received[pair] = ++got;
                window.Release();
                if (got == count)
                {
                    return;
                }
            }
        }

        Task receiving = ReceiveAsync();
        for (int i = 0; i < count; i++)
        {
            await window.WaitAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref sentAt[i], Stopwatch.GetTimestamp());
            await sender.SendAsync(receiverName, string.Create(CultureInfo.InvariantCulture, $"{i:D10}  {padding}"), options.Timeout, cancellationToken).ConfigureAwait(false);
        }

        await receiving.ConfigureAwait(false);
    }

    private static long Percentile(long[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
