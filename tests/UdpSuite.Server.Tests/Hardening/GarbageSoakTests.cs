using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Rfc868;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Tests.Chat;
using UdpSuite.Server.Tests.Integration;
using Xunit.Abstractions;

namespace UdpSuite.Server.Tests.Hardening;

/// <summary>
/// The live-server garbage soak (issue 8): a real <c>udpsuite server</c> gets, from four sockets, a bounded mix of
/// random bytes, truncated and oversized datagrams (up to 65,507 bytes) and valid-but-hostile requests (huge strftime
/// outputs, unknown zones, bogus session ids, replayed session datagrams, forged logins, rate-limited SNTP), while a
/// fifth address keeps asking every listener valid questions and checks each answer. Bounded by count and by time
/// (about 15 s); the figures go to the test output (and $UDPSUITE_FIGURES) for docs/RELIABILITY.md.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class GarbageSoakTests(ITestOutputHelper output)
{
    private const int Senders = 4;
    private const int DatagramsPerSender = 25_000;
    private const int DatagramsPerSecond = 1_200;
    private const int OversizedPerSender = 150;
    private static readonly TimeSpan SoakTime = TimeSpan.FromSeconds(15);
    private const long RssBoundKiB = 256 * 1024;

    [Fact]
    public async Task Garbage_from_several_sockets_never_kills_the_server_nor_grows_its_memory_and_valid_requests_keep_their_answers()
    {
        await using ServerProcess server = await ServerProcess.StartAsync();
        IPEndPoint[] targets = [.. ServerProcess.DefaultListeners.Select(server.Endpoint)];

        using var alice = new ChatTestPeer(server.Endpoint("chat"), "alice");
        using var bob = new ChatTestPeer(server.Endpoint("chat"), "bob");
        Assert.Null(await alice.RegisterAsync("alice-soak"));
        Assert.Null(await bob.RegisterAsync("bob-soak"));
        Assert.Null(await alice.LoginAsync("alice-soak"));
        Assert.Null(await bob.LoginAsync("bob-soak"));
        alice.Send("bob", "captured for replay");
        alice.SendSecure(ChatMessageType.Ping, []);
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count >= 1 && alice.Pongs >= 1));
        byte[][] replays = [.. alice.Wire.Where(w => w.Outgoing && w.Datagram.Length > 20 && w.Datagram[3] >= 0x10).Select(w => w.Datagram)];

        long startRss = ProcessMemory.ResidentKiB(server.Id) ?? throw new InvalidOperationException("no /proc/PID/status");
        var rss = new List<(double Seconds, long KiB)> { (0, startRss) };
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        Task<SenderTotals>[] garbage = [.. Enumerable.Range(0, Senders).Select(i => Task.Run(() => SendGarbageAsync(i, targets, replays, clock, stop.Token)))];
        using var prober = new Prober(server, alice, bob);
        Task probing = Task.Run(() => prober.RunAsync(stop.Token));
        Task sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (ProcessMemory.ResidentKiB(server.Id) is { } kib)
                {
                    lock (rss)
                    {
                        rss.Add((clock.Elapsed.TotalSeconds, kib));
                    }
                }

                try
                {
                    await Task.Delay(250, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });

        SenderTotals[] totals = await Task.WhenAll(garbage);
        double garbageSeconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(probing, sampling);

        // After the storm: the process is alive and every listener still answers correctly.
        Assert.NotNull(ProcessMemory.ResidentKiB(server.Id));
        Assert.True(await prober.RoundAsync(CancellationToken.None), $"after the soak: {prober.LastFailure}");
        long endRss = ProcessMemory.ResidentKiB(server.Id)!.Value;

        long sent = totals.Sum(t => t.Datagrams), bytesIn = totals.Sum(t => t.BytesWithHeaders), bytesOut = totals.Sum(t => t.RepliesWithHeaders);
        long maxRss;
        long firstQuarterMax;
        lock (rss)
        {
            maxRss = rss.Max(s => s.KiB);
            firstQuarterMax = rss.Where(s => s.Seconds <= garbageSeconds / 4).Max(s => s.KiB);
        }

        Figures.Report(output, $"soak: {sent} garbage datagrams ({totals.Sum(t => t.Oversized)} oversized up to 65507 B, {totals.Sum(t => t.Hostile)} valid-but-hostile, {totals.Sum(t => t.Replays)} replays) from {Senders} sockets in {garbageSeconds:F1} s; " +
            $"garbage replies {totals.Sum(t => t.Replies)} = {bytesOut} B for {bytesIn} B in (ratio {(double)bytesOut / bytesIn:F3}, headers counted)");
        Figures.Report(output, $"soak: valid probes {prober.Rounds} rounds x 5 listeners + chat send/deliver: {prober.Answered} answered, {prober.FirstTry} on the first try, {prober.Failed} unanswered after 3 tries, {prober.Wrong} wrong ({prober.LastFailure ?? "no failure"}); latency {Figures.Percentiles(prober.Latencies)}");
        Figures.Report(output, $"soak: server RSS start {startRss} KiB, max {maxRss} KiB, end {endRss} KiB, first-quarter max {firstQuarterMax} KiB");

        Assert.Equal(0, prober.Wrong);
        Assert.Equal(0, prober.Failed);
        Assert.True(prober.Rounds >= 3, $"only {prober.Rounds} probe rounds ran");
        Assert.True(bob.Deliveries.Count >= prober.Rounds, "every chat message sent during the soak reached bob");
        Assert.True(bytesOut <= 3 * bytesIn, "garbage never earned more than 3x its bytes");
        Assert.True(maxRss <= RssBoundKiB, $"RSS {maxRss} KiB exceeds the {RssBoundKiB} KiB bound");
        Assert.True(endRss <= firstQuarterMax + (64 * 1024), $"RSS kept growing: {firstQuarterMax} KiB in the first quarter, {endRss} KiB at the end");
        Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(20)));
    }

    private sealed record SenderTotals(long Datagrams, long BytesWithHeaders, long Oversized, long Hostile, long Replays, long Replies, long RepliesWithHeaders);

    private static async Task<SenderTotals> SendGarbageAsync(int index, IPEndPoint[] targets, byte[][] replays, Stopwatch clock, CancellationToken cancel)
    {
        var random = new Random(8000 + index);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Parse($"127.0.0.{3 + index}"), 0));
        long replies = 0, replyBytes = 0;
        using var readStop = new CancellationTokenSource();
        Task reader = Task.Run(async () =>
        {
            var buffer = new byte[65_536];
            try
            {
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, readStop.Token);
                    Interlocked.Increment(ref replies);
                    Interlocked.Add(ref replyBytes, n + AmplificationLimit.HeaderBytes);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }, CancellationToken.None);

        long sent = 0, bytes = 0, oversized = 0, hostile = 0, replayed = 0;
        for (int i = 0; i < DatagramsPerSender && clock.Elapsed < SoakTime && !cancel.IsCancellationRequested; i++)
        {
            IPEndPoint target = targets[random.Next(targets.Length)];
            byte[] datagram;
            int kind = random.Next(100);
            if (kind < 30)
            {
                datagram = RandomBytes(random, random.Next(1300));
            }
            else if (kind < 40)
            {
                byte[] valid = Valid(random, target == targets[4]);
                datagram = valid[..random.Next(valid.Length + 1)];
            }
            else if (kind < 43 && oversized < OversizedPerSender)
            {
                oversized++;
                datagram = RandomBytes(random, random.Next(ChatWire.MaxDatagram, AmplificationLimit.MaxUdpPayload + 1));
                if (random.Next(2) == 0 && datagram.Length > 4)
                {
                    "UC\u0001\u0010"u8.CopyTo(datagram); // an oversized "session datagram"
                }
            }
            else if (kind < 65)
            {
                hostile++;
                (datagram, target) = Hostile(random, targets);
            }
            else if (kind < 75 && replays.Length > 0)
            {
                replayed++;
                datagram = replays[random.Next(replays.Length)];
                target = targets[4];
            }
            else
            {
                datagram = Valid(random, target == targets[4]);
                if (random.Next(2) == 0 && datagram.Length > 0)
                {
                    datagram[random.Next(datagram.Length)] ^= (byte)(1 << random.Next(8));
                }
            }

            try
            {
                await socket.SendToAsync(datagram, SocketFlags.None, target, cancel);
            }
            catch (SocketException)
            {
                // A full send buffer: the datagram is lost, as on a real network.
            }

            sent++;
            bytes += datagram.Length + AmplificationLimit.HeaderBytes;
            while (sent > DatagramsPerSecond * clock.Elapsed.TotalSeconds && clock.Elapsed < SoakTime)
            {
                await Task.Delay(5, cancel); // spread the mix over the whole soak
            }
        }

        await Task.Delay(500, CancellationToken.None); // late replies
        await readStop.CancelAsync();
        await reader;
        return new SenderTotals(sent, bytes, oversized, hostile, replayed, Interlocked.Read(ref replies), Interlocked.Read(ref replyBytes));
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A well-formed request for the listener (chat: a PROBE or a handshake opening).</summary>
    private static byte[] Valid(Random random, bool chat)
    {
        if (chat)
        {
            var buffer = new byte[ChatWire.MaxDatagram];
            return random.Next(2) == 0 ? buffer[..ProbeDatagrams.WriteProbe(buffer)] : Opening(buffer);
        }

        return random.Next(3) switch
        {
            0 => Encoding.UTF8.GetBytes("%Y-%m-%d %H:%M:%S"),
            1 => SntpRequest((ulong)random.NextInt64()),
            _ => [],
        };
    }

    /// <summary>Valid-but-hostile: big strftime outputs, unknown zones, bad options, bogus sessions, forged logins.</summary>
    private static (byte[], IPEndPoint) Hostile(Random random, IPEndPoint[] targets)
    {
        IPEndPoint timeText = targets[0], chat = targets[4];
        var buffer = new byte[ChatWire.MaxDatagram];
        switch (random.Next(10))
        {
            case 0:
                return (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("%1000Y%c", random.Next(1, 120)))), timeText);
            case 1:
                return (Encoding.UTF8.GetBytes($"%{{tz=No/Such_Zone_{random.Next()}}}%c"), timeText);
            case 2:
                return (Encoding.UTF8.GetBytes("%{tz=" + new string('A', random.Next(200, 400)) + "}%c"), timeText);
            case 3:
                return (Encoding.UTF8.GetBytes("%{at=9999-12-31T23:59:59Z;tz=Pacific/Kiritimati}%G %V %c %s" + new string('x', random.Next(2000))), timeText);
            case 4:
                return ([0xC3, 0x28, (byte)'%', (byte)'Y', 0xFF], timeText); // invalid UTF-8
            case 5:
                // A sealed-looking datagram for a session that does not exist.
                return ([.. "UC\x02\x10"u8, .. RandomBytes(random, random.Next(17, 300))], chat);
            case 6:
                // An opening with a cookie the server never minted.
                byte[] opening = Opening(buffer);
                opening[4 + 8 + 32] = 16;
                RandomBytes(random, 16).CopyTo(opening, 4 + 8 + 32 + 1);
                return (opening, chat);
            case 7:
                return ([.. "UC\x02\x08"u8, .. RandomBytes(random, 44)], chat); // a probe with garbage padding
            case 8:
                return ([(byte)'U', (byte)'C', (byte)(random.Next(2) == 0 ? 1 : random.Next(3, 256)), 0x01], chat); // other protocol versions
            default:
                return (Opening(buffer)[..random.Next(5, 1199)], chat); // short opening
        }
    }

    /// <summary>A fresh handshake opening (INITIATION) in <paramref name="buffer"/>.</summary>
    private static byte[] Opening(byte[] buffer)
    {
        using var client = new ChannelClient();
        return buffer[..client.Start(TimeSpan.Zero, buffer)];
    }

    private static byte[] SntpRequest(ulong transmit)
    {
        var request = new byte[NtpPacket.HeaderLength];
        new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp(transmit) }.WriteTo(request);
        return request;
    }

    /// <summary>Valid requests from 127.0.0.2 with checked answers; 3 tries of 2 s each per request.</summary>
    private sealed class Prober(ServerProcess server, ChatTestPeer alice, ChatTestPeer bob) : IDisposable
    {
        private readonly Socket _socket = CreateSocket();
        private readonly byte[] _buffer = new byte[65_536];
        private ulong _ntp = 0x1234_5678_0000_0000;

        public int Rounds { get; private set; }

        public int Answered { get; private set; }

        public int FirstTry { get; private set; }

        public int Failed { get; private set; }

        public int Wrong { get; private set; }

        public string? LastFailure { get; private set; }

        public List<double> Latencies { get; } = [];

        public void Dispose() => _socket.Dispose();

        public async Task RunAsync(CancellationToken cancel)
        {
            while (!cancel.IsCancellationRequested)
            {
                await RoundAsync(cancel);
                try
                {
                    await Task.Delay(500, cancel); // within the SNTP limit of 2 requests/s for this address
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        /// <summary>One valid request to every listener and one chat message; true when all were answered correctly.</summary>
        public async Task<bool> RoundAsync(CancellationToken cancel)
        {
            _ = cancel;
            Rounds++;
            bool ok = true;
            ok &= await AskAsync("time-text", "%{at=2026-01-02T03:04:05Z;tz=Asia/Shanghai}%F %T %Z"u8.ToArray(), r => Encoding.UTF8.GetString(r) == "2026-01-02 11:04:05 CST");
            ulong transmit = ++_ntp;
            ok &= await AskAsync("sntp", SntpRequest(transmit), r =>
            {
                NtpDecodeResult reply = NtpPacket.Decode(r);
                return reply.IsSuccess && reply.Packet.OriginTimestamp.Value == transmit ? (reply.Packet.Mode == NtpMode.Server && !reply.Packet.IsKissOfDeath) : (bool?)null;
            });
            ok &= await AskAsync("rfc868", [], r => Rfc868Time.TryRead(r, NodaTime.SystemClock.Instance.GetCurrentInstant(), out NodaTime.Instant t)
                && Math.Abs((t - NodaTime.SystemClock.Instance.GetCurrentInstant()).TotalSeconds) < 600);
            ok &= await AskAsync("daytime", [], r => r.Length > 20 && r.AsSpan().EndsWith("\r\n"u8));
            ok &= await ChatAsync();
            return ok;
        }

        private async Task<bool> AskAsync(string listener, byte[] request, Func<byte[], bool?> check)
        {
            IPEndPoint endpoint = server.Endpoint(listener);
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                long started = Stopwatch.GetTimestamp();
                await _socket.SendToAsync(request, SocketFlags.None, endpoint);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    while (true)
                    {
                        SocketReceiveFromResult result = await _socket.ReceiveFromAsync(_buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
                        if (!endpoint.Equals(result.RemoteEndPoint))
                        {
                            continue; // a late answer of another listener
                        }

                        bool? verdict = check(_buffer[..result.ReceivedBytes]);
                        if (verdict is null)
                        {
                            continue; // a late answer to an earlier attempt
                        }

                        if (verdict == false)
                        {
                            Wrong++;
                            LastFailure = $"{listener}: wrong answer '{Encoding.UTF8.GetString(_buffer, 0, Math.Min(80, result.ReceivedBytes))}'";
                            return false;
                        }

                        Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Answered++;
                        FirstTry += attempt == 1 ? 1 : 0;
                        return true;
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }

            Failed++;
            LastFailure = $"{listener}: no answer after 3 tries";
            return false;
        }

        /// <summary>Alice sends bob a message (resent with the same id up to 3 times); it must be RECEIPT(sent) and delivered.</summary>
        private async Task<bool> ChatAsync()
        {
            var id = Guid.NewGuid();
            string text = $"soak {Rounds} {Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                alice.Send("bob", text, id);
                if (await alice.WaitForAsync(() => alice.Receipts.Any(r => r.MessageId == id && r.State == DeliveryState.Sent), TimeSpan.FromSeconds(2))
                    && await bob.WaitForAsync(() => bob.DeliveredIds.Contains(id), TimeSpan.FromSeconds(2)))
                {
                    Answered++;
                    FirstTry += attempt == 1 ? 1 : 0;
                    if (bob.Deliveries[bob.DeliveredIds.IndexOf(id)].Text != text)
                    {
                        Wrong++;
                        return false;
                    }

                    return true;
                }
            }

            Failed++;
            LastFailure = "chat: message not acknowledged and delivered after 3 tries";
            return false;
        }

        private static Socket CreateSocket()
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            return socket;
        }
    }
}

/// <summary>The load-heavy hardening tests run one at a time, so their figures do not disturb each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HardeningCollection
{
    public const string Name = "hardening";
}
