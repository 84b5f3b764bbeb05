using System.Net;
using BenchmarkDotNet.Attributes;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security.Channel;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Benchmarks;

/// <summary>
/// Protocol version 2's costs on one core: the server's side of a Noise NX handshake (an INITIATION in, a RESPONSE
/// out: one ephemeral key pair and two X25519 operations, the session's keys split), and sealing plus opening one DATA
/// datagram with ChaCha20-Poly1305 against version 1's HMAC-SHA256 frame.
/// </summary>
[MemoryDiagnoser]
public class ChannelBenchmarks
{
    private const int Openings = 1024;
    private readonly byte[][] _openings = new byte[Openings][];
    private readonly byte[] _output = new byte[ChannelWire.MaxDatagram];
    private readonly byte[] _datagram = new byte[ChannelWire.MaxDatagram];
    private readonly byte[] _plaintext = new byte[ChannelWire.MaxDatagram];
    private readonly byte[] _key = new byte[Version1Frame.KeyLength];
    private readonly IPEndPoint _source = new(IPAddress.Loopback, 40000);
    private NoiseKeyPair _serverKey = null!;
    private ChannelServer _server = null!;
    private ChannelClient _pairClient = null!;
    private SealedSession _sender = null!;
    private SealedSession _receiver = null!;
    private int _bodyLength;
    private int _next;
    private TimeSpan _now = TimeSpan.FromHours(1);

    [GlobalSetup]
    public void Setup()
    {
        _serverKey = NoiseKeyPair.Generate();

        // No load gate in the way: every opening is admitted (the cap tests are elsewhere); sessions are closed at once.
        var load = new HandshakeLoadOptions { CookieThreshold = int.MaxValue - 1, CookieRatePerSecond = int.MaxValue, MaxPendingPerAddress = int.MaxValue, MaxPending = int.MaxValue };
        _server = new ChannelServer(_serverKey, "bench", new ChannelServerOptions { Load = load }, _now);
        for (int i = 0; i < Openings; i++)
        {
            using var client = new ChannelClient();
            _openings[i] = new byte[ChannelWire.InitiationLength];
            client.Start(TimeSpan.Zero, _openings[i]);
        }

        // A session pair for the seal/open rows, from one real handshake.
        var pairClient = new ChannelClient();
        _pairClient = pairClient;
        pairClient.Start(_now, _datagram);
        ServerReceiveResult response = _server.Receive(_datagram, _source, _now, _output);
        pairClient.Receive(_output.AsSpan(0, response.Length), _now, _plaintext);
        pairClient.AcceptServerKey(_now);
        _sender = pairClient.Session;
        _receiver = _server.Channel(response.SessionId);
        Random.Shared.NextBytes(_key);
        _bodyLength = SessionBodyCodec.WriteData(SealedSession.BodyArea(_datagram), Guid.NewGuid(), 0, 1, new byte[200]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pairClient.Dispose();
        _server.Dispose();
        _serverKey.Dispose();
    }

    [Benchmark(Description = "v2 handshake, server side: INITIATION -> RESPONSE (keygen + 2 X25519)")]
    public int Handshake()
    {
        byte[] opening = _openings[_next++ % Openings];
        ServerReceiveResult result = _server.Receive(opening, _source, _now, _output);
        _server.Close(result.SessionId); // so the next use of this opening is a new handshake, and memory stays flat
        return result.Length;
    }

    [Benchmark(Description = "v2 DATA 200 B: seal + open (ChaCha20-Poly1305)")]
    public int SealAndOpen()
    {
        _now += TimeSpan.FromTicks(1);
        SealResult sealedResult = _sender.SealInPlace((byte)ChatMessageType.Data, _bodyLength, _now, _datagram);
        return _receiver.Open(_datagram.AsSpan(0, sealedResult.Length), _now, _plaintext).BodyLength;
    }

    [Benchmark(Baseline = true, Description = "v1 DATA 200 B: seal + open (HMAC-SHA256 frame)")]
    public int SealAndOpenVersion1()
    {
        int length = Version1Frame.Seal(_output, ChatMessageType.Data, 42, 7, _bodyLength, _key);
        return Version1Frame.TryOpen(_output.AsSpan(0, length), _key, out _, out ReadOnlySpan<byte> body) ? body.Length : 0;
    }
}
