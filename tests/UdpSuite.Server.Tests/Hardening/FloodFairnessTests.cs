using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Server.Tests.Chat;
using UdpSuite.Server.Tests.Integration;
using Xunit.Abstractions;

namespace UdpSuite.Server.Tests.Hardening;

/// <summary>
/// Flood and fairness (issue 8): one address floods at full speed while a victim at another address keeps its
/// modest rate. The assertions are counts (the limiter caps what the flooder gets; every victim request is answered
/// within 5 tries); latencies are measured and reported, never asserted.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class FloodFairnessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FloodTime = TimeSpan.FromSeconds(5);
    private const int MaxFloodDatagrams = 2_000_000;

    [Fact]
    public async Task An_sntp_flood_is_capped_by_the_limiter_while_another_client_keeps_getting_answers()
    {
        // Production defaults: burst 16, 2 requests/s, 2 KoD then 1 per 4 s.
        await using ServerProcess server = await ServerProcess.StartAsync(
            ["server", "--time-port", "off", "--ntp-port", "0", "--rfc868-port", "off", "--daytime-port", "off", "--chat-port", "off", "--bind", "127.0.0.1"],
            expectedListeners: ["sntp"]);
        IPEndPoint sntp = server.Endpoint("sntp");

        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        flooder.Connect(sntp);
        long answers = 0, kisses = 0, other = 0;
        using var stopReading = new CancellationTokenSource();
        Task reader = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            try
            {
                while (true)
                {
                    int n = await flooder.ReceiveAsync(buffer, SocketFlags.None, stopReading.Token);
                    NtpDecodeResult reply = NtpPacket.Decode(buffer.AsSpan(0, n));
                    if (!reply.IsSuccess)
                    {
                        other++;
                    }
                    else if (reply.Packet.IsKissOfDeath)
                    {
                        kisses++;
                    }
                    else
                    {
                        answers++;
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
            }
        });

        var clock = Stopwatch.StartNew();
        Task<long> flood = Task.Run(() =>
        {
            var request = new byte[NtpPacket.HeaderLength];
            long sent = 0;
            while (sent < MaxFloodDatagrams && clock.Elapsed < FloodTime)
            {
                new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp((ulong)sent + 1) }.WriteTo(request);
                try
                {
                    flooder.Send(request);
                    sent++;
                }
                catch (SocketException)
                {
                    // ENOBUFS under load: keep going.
                }
            }

            return sent;
        });

        // The victim: one request every 600 ms (under its 2/s), from its own address.
        using var victim = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        victim.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));
        victim.Connect(sntp);
        var latencies = new List<double>();
        int asked = 0, firstTry = 0, unanswered = 0, victimKisses = 0;
        var victimBuffer = new byte[2048];
        while (clock.Elapsed < FloodTime && asked < 20)
        {
            asked++;
            bool answered = false;
            for (int attempt = 1; attempt <= 5 && !answered; attempt++)
            {
                ulong transmit = ((ulong)asked << 32) | (uint)attempt;
                var request = new byte[NtpPacket.HeaderLength];
                new NtpPacket { Version = 4, Mode = NtpMode.Client, TransmitTimestamp = new NtpTimestamp(transmit) }.WriteTo(request);
                long started = Stopwatch.GetTimestamp();
                await victim.SendAsync(request, SocketFlags.None);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    while (!answered)
                    {
                        int n = await victim.ReceiveAsync(victimBuffer, SocketFlags.None, timeout.Token);
                        NtpDecodeResult reply = NtpPacket.Decode(victimBuffer.AsSpan(0, n));
                        if (reply.IsSuccess && reply.Packet.OriginTimestamp.Value == transmit)
                        {
                            answered = true;
                            victimKisses += reply.Packet.IsKissOfDeath ? 1 : 0;
                            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            firstTry += attempt == 1 ? 1 : 0;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            }

            unanswered += answered ? 0 : 1;
            await Task.Delay(600);
        }

        long flooded = await flood;
        double seconds = clock.Elapsed.TotalSeconds;
        await Task.Delay(1000);
        await stopReading.CancelAsync();
        await reader;

        Figures.Report(output, $"sntp flood: {flooded} requests in {seconds:F1} s ({flooded / seconds:F0}/s) from one address -> {answers} answers, {kisses} KoD RATE, {other} other; " +
            $"victim at another address: {asked} asked, {asked - unanswered} answered ({firstTry} on the first try), {victimKisses} KoD; latency {Figures.Percentiles(latencies)}");

        // Burst 16 + 2/s over the run (plus 1 s of slack); KoD: burst 2 + one per 4 s.
        double elapsed = seconds + 1;
        Assert.InRange(answers, 1, 16 + (long)Math.Ceiling(2 * elapsed));
        Assert.InRange(kisses, 1, 2 + (long)Math.Ceiling(elapsed / 4));
        Assert.Equal(0, victimKisses);
        Assert.Equal(0, unanswered);
        Assert.True(flooded > 1000, $"the flood sent only {flooded} requests");
    }

    [Fact]
    public async Task A_chat_probe_and_hello_flood_stays_within_3x_while_a_logged_in_user_keeps_sending()
    {
        await using ServerProcess server = await ServerProcess.StartAsync(
            ["server", "--time-port", "off", "--ntp-port", "off", "--rfc868-port", "off", "--daytime-port", "off", "--chat-port", "0", "--bind", "127.0.0.1"],
            expectedListeners: ["chat"]);
        IPEndPoint chat = server.Endpoint("chat");
        using var alice = new ChatTestPeer(chat, "alice");
        using var bob = new ChatTestPeer(chat, "bob");
        Assert.Null(await alice.RegisterAsync("alice-flood"));
        Assert.Null(await bob.RegisterAsync("bob-flood"));
        Assert.Null(await alice.LoginAsync("alice-flood"));
        Assert.Null(await bob.LoginAsync("bob-flood"));

        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 0));
        flooder.Connect(chat);
        long repliesBytes = 0, replies = 0;
        using var stopReading = new CancellationTokenSource();
        Task reader = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            try
            {
                while (true)
                {
                    int n = await flooder.ReceiveAsync(buffer, SocketFlags.None, stopReading.Token);
                    replies++;
                    repliesBytes += n + 28;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
            }
        });

        var clock = Stopwatch.StartNew();
        Task<(long Sent, long Bytes)> flood = Task.Run(() =>
        {
            var probe = new byte[ProbeDatagrams.ProbeLength];
            int probeLength = ProbeDatagrams.WriteProbe(probe);

            // Distinct openings (each would cost the server a DH and a pending handshake without the load gate), cycled.
            byte[][] openings = [.. Enumerable.Range(0, 256).Select(_ =>
            {
                using var client = new ChannelClient();
                var opening = new byte[ChannelWire.InitiationLength];
                client.Start(TimeSpan.Zero, opening);
                return opening;
            })];
            long sent = 0, bytes = 0;
            while (sent < MaxFloodDatagrams && clock.Elapsed < FloodTime)
            {
                bool isOpening = sent % 4 == 0;
                byte[] datagram = isOpening ? openings[(sent / 4) % openings.Length] : probe;
                int length = isOpening ? datagram.Length : probeLength;
                try
                {
                    flooder.Send(datagram.AsSpan(0, length));
                    sent++;
                    bytes += length + 28;
                }
                catch (SocketException)
                {
                }
            }

            return (sent, bytes);
        });

        var latencies = new List<double>();
        int messages = 0, firstTry = 0, lost = 0;
        while (clock.Elapsed < FloodTime && messages < 20)
        {
            messages++;
            var id = Guid.NewGuid();
            long started = Stopwatch.GetTimestamp();
            bool done = false;
            for (int attempt = 1; attempt <= 3 && !done; attempt++)
            {
                alice.Send("bob", $"during the flood {messages}", id);
                done = await alice.WaitForAsync(() => alice.Receipts.Any(r => r.MessageId == id && r.State == DeliveryState.Sent), TimeSpan.FromSeconds(2));
                firstTry += done && attempt == 1 ? 1 : 0;
            }

            if (done)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                lost++;
            }

            await Task.Delay(200);
        }

        (long flooded, long floodBytes) = await flood;
        double seconds = clock.Elapsed.TotalSeconds;
        Assert.True(await bob.WaitForAsync(() => bob.Deliveries.Count == messages - lost, TimeSpan.FromSeconds(20)));
        await Task.Delay(500);
        await stopReading.CancelAsync();
        await reader;

        Figures.Report(output, $"chat flood: {flooded} PROBE/HELLO in {seconds:F1} s ({flooded / seconds:F0}/s) = {floodBytes} B -> {replies} replies = {repliesBytes} B (ratio {(double)repliesBytes / floodBytes:F3}); " +
            $"logged-in sender on another address: {messages} messages, {messages - lost} RECEIPT(sent) within 3 tries ({firstTry} on the first try), every acked one delivered; send-to-receipt {Figures.Percentiles(latencies)}");

        // The flood comes from 127.0.0.5: its per-source bucket (shipped defaults) caps what it gets answered, while
        // alice on 127.0.0.1 has her own bucket — every one of her messages must be stored and delivered.
        var limits = new UdpSuite.Server.Chat.RateLimit.ChatRateLimitOptions();
        Assert.True(repliesBytes <= 3 * floodBytes);
        Assert.InRange(replies, 1, limits.PerSourceBurst + (long)Math.Ceiling(limits.PerSourcePerSecond * (seconds + 1)) + (long)seconds + 2);
        Assert.Equal(0, lost);
        Assert.Equal(messages, bob.Deliveries.Count);
    }
}
