using UdpSuite.Protocol.Amplification;
using UdpSuite.Protocol.Discovery;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Handlers;
using UdpSuite.Protocol.RateLimiting;
using UdpSuite.Server.RateLimiting;

namespace UdpSuite.Server.Discovery;

/// <summary>
/// The <c>discovery</c> listener (docs/PROTOCOL.md, "LAN discovery"): answers each DISCOVER (broadcast, multicast or
/// unicast) with one DISCOVER_REPLY carrying the probe's nonce, the server's name, its listeners' ports and the chat
/// server's public key, and never sends anything unasked. The answer is encoded once (the ports are known once every listener is bound) and only the
/// nonce is stamped per probe, so answering allocates nothing. Probes shorter than 48 bytes, anything that is not a
/// DISCOVER, and sources over their per-address rate are dropped; an answer is never more than 3x the probe
/// (<see cref="AmplificationLimit"/>).
/// </summary>
internal sealed class DiscoveryHandler : IDatagramHandler, IDisposable
{
    /// <summary>Probes one source address may send per second (a client sends one or two per search).</summary>
    public const int ProbesPerSecond = 10;

    /// <summary>Probes one source address may send back to back.</summary>
    public const int ProbeBurst = 20;

    private readonly Lazy<byte[]> _answer;
    private readonly KeyedTokenBuckets<ClientAddressKey> _sources;
    private readonly PlainTextResponder _plainText = PlainTextResponder.ForDiscovery();

    /// <param name="announcement">The answer to give (its nonce is ignored); called once, at the first probe, after every listener is bound.</param>
    /// <param name="perSource">Probe limit per source address (default <see cref="ProbesPerSecond"/>/s, burst <see cref="ProbeBurst"/>).</param>
    public DiscoveryHandler(Func<DiscoveryAnswer> announcement, TokenBucketSettings? perSource = null)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        _answer = new Lazy<byte[]>(() => Encode(announcement()), LazyThreadSafetyMode.ExecutionAndPublication);
        _sources = new KeyedTokenBuckets<ClientAddressKey>(perSource ?? new TokenBucketSettings(ProbesPerSecond, ProbeBurst, TimeSpan.FromSeconds(1), 16_384));
    }

    public string Name => ListenerNames.Discovery;

    public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
    {
        switch (DiscoveryCodec.ReadProbe(request, out ulong nonce))
        {
            case DiscoveryProbeVerdict.NotProbe:
                return _plainText.TryAnswer(request, reply, context) ?? HandlerResult.Drop(DiscoveryDropReasons.NotProbe);
            case DiscoveryProbeVerdict.TooShort:
                return HandlerResult.Drop(DiscoveryDropReasons.TooShort);
        }

        if (_sources.Take(ClientAddressKey.From(context.Remote), context.ReceivedAt) != RateVerdict.Allow)
        {
            return HandlerResult.Drop(DiscoveryDropReasons.RateLimited);
        }

        byte[] answer = _answer.Value;
        if (!AmplificationLimit.Allows(request.Length, answer.Length))
        {
            return HandlerResult.Drop(DiscoveryDropReasons.Amplification); // cannot happen for a 48-byte probe; kept as the rule's guard
        }

        answer.CopyTo(reply);
        DiscoveryCodec.StampNonce(reply, nonce);
        return HandlerResult.Reply(answer.Length);
    }

    public void Dispose()
    {
        _sources.Dispose();
        _plainText.Dispose();
    }

    private static byte[] Encode(DiscoveryAnswer announcement)
    {
        var buffer = new byte[DiscoveryWire.MaxAnswerLength];
        int length = DiscoveryCodec.WriteAnswer(buffer, announcement with { Nonce = 0 });
        return buffer[..length];
    }
}
