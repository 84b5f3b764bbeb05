using System.Net;
using System.Text;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Sntp;
using UdpSuite.Protocol.TimeText;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Time.Strftime;

namespace UdpSuite.Fuzz.Tests;

/// <summary>
/// Generated (seeded) valid values: every encoder's output decodes to the same value, fragmenting and reassembling
/// in any order gives the envelope back, and hostile-but-valid time-text formats never earn more than 3x.
/// </summary>
public sealed class CodecPropertyTests
{
    private static readonly string[] NameParts = ["狗哥alex", "瞎驴", "一棵树", "武大郎", "bob", "Ωmega", "😀", "a b", "x"];

    [Fact]
    public void Envelopes_round_trip_and_fragments_reassemble_in_any_order()
    {
        var random = new Random(424242);
        for (int i = 0; i < 300; i++)
        {
            string from = Name(random), to = Name(random);
            string text = Text(random, random.Next(4) == 0 ? ChatWire.MaxTextBytes : 3000);
            var delivery = new DeliveryEnvelope((ulong)random.NextInt64(), (ulong)random.NextInt64(), random.NextInt64(), from, to, text);
            byte[] encoded = EnvelopeCodec.EncodeDelivery(delivery);
            Assert.True(EnvelopeCodec.TryDecodeDelivery(encoded, out DeliveryEnvelope? decoded));
            Assert.Equal(delivery, decoded);
            var submission = new SubmissionEnvelope(to, text);
            byte[] submitted = EnvelopeCodec.EncodeSubmission(submission);
            Assert.True(EnvelopeCodec.TryDecodeSubmission(submitted, out SubmissionEnvelope? back));
            Assert.Equal(submission, back);

            int count = EnvelopeCodec.FragmentCount(encoded.Length);
            Assert.InRange(count, 1, SessionBodyCodec.MaxFragments);
            var order = Enumerable.Range(0, count).OrderBy(_ => random.Next()).ToList();
            order.Insert(random.Next(order.Count + 1), order[random.Next(order.Count)]); // one duplicate
            var reassembler = new Reassembler();
            var id = Guid.NewGuid();
            byte[]? whole = null;
            var body = new byte[ChatWire.MaxSecureBody];
            foreach (int index in order)
            {
                int length = SessionBodyCodec.WriteData(body, id, (ushort)index, (ushort)count, EnvelopeCodec.Fragment(encoded, index));
                Assert.True(length <= ChatWire.MaxSecureBody);
                Assert.True(SessionBodyCodec.TryReadData(body.AsSpan(0, length), out DataFragment fragment));
                whole ??= reassembler.Add(id, fragment.Index, fragment.Count, fragment.Chunk);
            }

            Assert.Equal(encoded, whole);
            Assert.Equal(0, reassembler.PartialCount);
        }
    }

    [Fact]
    public void Session_bodies_and_handshake_messages_round_trip()
    {
        var random = new Random(737373);
        var buffer = new byte[ChatWire.MaxDatagram];
        for (int i = 0; i < 2000; i++)
        {
            var id = Guid.NewGuid();
            var ack = new AckBody(id, (ushort)random.Next(65536));
            Assert.True(SessionBodyCodec.TryReadAck(buffer.AsSpan(0, SessionBodyCodec.WriteAck(buffer, ack)), out AckBody ackBack));
            Assert.Equal(ack, ackBack);
            var receipt = new ReceiptBody(id, (DeliveryState)random.Next(1, 4), (ulong)random.NextInt64(), random.NextInt64(long.MinValue, long.MaxValue));
            Assert.True(SessionBodyCodec.TryReadReceipt(buffer.AsSpan(0, SessionBodyCodec.WriteReceipt(buffer, receipt)), out ReceiptBody receiptBack));
            Assert.Equal(receipt, receiptBack);
            var reject = new RejectBody(id, (ChatErrorCode)random.Next(65536));
            Assert.True(SessionBodyCodec.TryReadReject(buffer.AsSpan(0, SessionBodyCodec.WriteReject(buffer, reject)), out RejectBody rejectBack));
            Assert.Equal(reject, rejectBack);
            Assert.True(SessionBodyCodec.TryGetReceiptAckState(SessionBodyCodec.ReceiptAckIndex(receipt.State), out DeliveryState state));
            Assert.Equal(receipt.State, state);
        }
    }

    [Fact]
    public void Ntp_packets_round_trip()
    {
        var random = new Random(5905);
        var bytes = new byte[NtpPacket.HeaderLength];
        var again = new byte[NtpPacket.HeaderLength];
        for (int i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            bytes[0] = (byte)((bytes[0] & 0xC7) | (random.Next(1, 8) << 3)); // any non-zero version
            NtpDecodeResult decoded = NtpPacket.Decode(bytes);
            Assert.True(decoded.IsSuccess);
            decoded.Packet.WriteTo(again);
            Assert.Equal(bytes, again);
        }
    }

    [Fact]
    public void Hostile_valid_time_text_formats_never_earn_more_than_three_times_their_size()
    {
        var random = new Random(868);
        IDateTimeZoneProvider zones = UdpSuite.TimeZones.TimeZoneProviders.CreateDefault();
        string[] ids = [.. zones.Ids];
        Instant now = Instant.FromUtc(2026, 11, 24, 8, 30, 15);
        var handler = new TimeTextHandler(new FakeClock(now), new ZoneLookup(zones), zones["UTC"], new StrftimeFormatCache());
        var reply = new byte[AmplificationLimit.MaxUdpPayload];
        var context = new DatagramContext(new IPEndPoint(IPAddress.Loopback, 1).Serialize(), now);
        string[] conversions = ["%c", "%A", "%B", "%Z", "%z", "%s", "%f", "%G", "%n", "%t", "%%", "%E", "%Q", "%D", "%r", "%+"];
        int tooBig = 0;
        for (int i = 0; i < 4000; i++)
        {
            var format = new StringBuilder();
            if (random.Next(3) == 0)
            {
                format.Append("%{tz=").Append(random.Next(8) == 0 ? "No/Such_Zone" : ids[random.Next(ids.Length)]);
                if (random.Next(2) == 0)
                {
                    format.Append(";at=").Append(Instant.FromUnixTimeSeconds(random.NextInt64(-62_135_596_800, 253_402_300_799)).ToString());
                }

                format.Append('}');
            }

            int parts = random.Next(1, random.Next(2) == 0 ? 8 : 400);
            for (int p = 0; p < parts; p++)
            {
                string flag = random.Next(3) == 0 ? "_-0^#"[random.Next(5)].ToString() : "";
                string width = random.Next(3) == 0 ? random.Next(0, random.Next(2) == 0 ? 100 : 100_000).ToString() : "";
                format.Append('%').Append(flag).Append(width).Append(conversions[random.Next(conversions.Length)][1..]);
            }

            byte[] request = Encoding.UTF8.GetBytes(format.ToString());
            HandlerResult result = handler.Handle(request, reply, in context);
            Assert.False(result.IsDrop);
            Assert.True(AmplificationLimit.Allows(request.Length, result.ReplyLength), $"{result.ReplyLength} bytes for {request.Length}: {format}");
            if (reply.AsSpan(0, result.ReplyLength).StartsWith(TimeTextProtocol.ErrorPrefix))
            {
                tooBig++;
            }
        }

        Assert.InRange(tooBig, 1, 3999); // both kinds happened: real answers and refusals
    }

    private static string Name(Random random)
    {
        string name = NameParts[random.Next(NameParts.Length)] + random.Next(1000);
        return Encoding.UTF8.GetByteCount(name) <= ChatWire.MaxUserNameBytes ? name : "n" + random.Next(1000);
    }

    private static string Text(Random random, int maxBytes)
    {
        var text = new StringBuilder();
        int target = random.Next(maxBytes / 4);
        while (Encoding.UTF8.GetByteCount(text.ToString()) < target)
        {
            text.Append(NameParts[random.Next(NameParts.Length)]).Append(' ');
        }

        string s = text.ToString();
        while (Encoding.UTF8.GetByteCount(s) > maxBytes)
        {
            s = s[..(s.Length / 2)];
        }

        return s;
    }
}
