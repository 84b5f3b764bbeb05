using System.Collections.Immutable;

namespace UdpSuite.Protocol.Security.Noise;

/// <summary>
/// A Noise handshake pattern (§7): its pre-messages and message patterns. Message <c>i</c> is sent by the initiator
/// when <c>i</c> is even, by the responder when odd. Patterns with pre-shared keys or ephemeral pre-messages are not
/// supported.
/// </summary>
/// <remarks>
/// <para><b>Protocol version 2 uses <see cref="NX"/> for every chat handshake</b>, pinned server key or not:</para>
/// <list type="bullet">
/// <item>The server is authenticated before any user name or credential travels: message 2 carries the server's
/// static key under <c>ee</c> and proves possession of it with <c>es</c>. The client compares that key with its pin
/// (or pins it on first use) and only then sends its first transport message, which carries the login.</item>
/// <item>A changed server key is detected by the client, which sees the key presented: it can print the pinned and the
/// presented fingerprints. With <see cref="NK"/> a client holding a stale pin would send a message the server
/// cannot decrypt and learn nothing but a timeout.</item>
/// <item>Forward secrecy: every transport key depends on <c>ee</c>, so recording traffic and later stealing the
/// server's static key reveals nothing.</item>
/// <item>No 0-RTT data: message 1 is a bare ephemeral key. NK or IK would let the client encrypt a payload in
/// message 1 to the static key alone, without forward secrecy and replayable; the login must not go there.</item>
/// <item>Users prove themselves with a password inside the channel (bound to the handshake hash), so the initiator has
/// no static key: <see cref="XX"/> and <see cref="IK"/> would make every client manage a key pair that
/// authenticates nothing.</item>
/// <item>One pattern means the server never needs to know whether the client has a pin.</item>
/// </list>
/// <para>The other patterns share the same engine and are checked against the same published vectors, which
/// exercises pre-messages and initiator static keys that NX does not use.</para>
/// </remarks>
public sealed class HandshakePattern
{
    private HandshakePattern(string name, bool initiatorStaticPreMessage, bool responderStaticPreMessage, params NoiseToken[][] messages)
    {
        Name = name;
        InitiatorStaticPreMessage = initiatorStaticPreMessage;
        ResponderStaticPreMessage = responderStaticPreMessage;
        Messages = [.. messages.Select(tokens => tokens.ToImmutableArray())];
        InitiatorHasStatic = initiatorStaticPreMessage || SentBy(HandshakeRole.Initiator).Any(m => m.Contains(NoiseToken.S));
        ResponderHasStatic = responderStaticPreMessage || SentBy(HandshakeRole.Responder).Any(m => m.Contains(NoiseToken.S));
    }

    /// <summary><c>-&gt; e</c>, <c>&lt;- e, ee</c>: anonymous on both sides.</summary>
    public static HandshakePattern NN { get; } = new("NN", false, false,
        [NoiseToken.E],
        [NoiseToken.E, NoiseToken.EE]);

    /// <summary><c>&lt;- s</c> known beforehand; <c>-&gt; e, es</c>, <c>&lt;- e, ee</c>.</summary>
    public static HandshakePattern NK { get; } = new("NK", false, true,
        [NoiseToken.E, NoiseToken.ES],
        [NoiseToken.E, NoiseToken.EE]);

    /// <summary><c>-&gt; e</c>, <c>&lt;- e, ee, s, es</c>: the responder's static key is transmitted. Protocol v2's pattern.</summary>
    public static HandshakePattern NX { get; } = new("NX", false, false,
        [NoiseToken.E],
        [NoiseToken.E, NoiseToken.EE, NoiseToken.S, NoiseToken.ES]);

    /// <summary><c>-&gt; e</c>, <c>&lt;- e, ee, s, es</c>, <c>-&gt; s, se</c>: both static keys transmitted.</summary>
    public static HandshakePattern XX { get; } = new("XX", false, false,
        [NoiseToken.E],
        [NoiseToken.E, NoiseToken.EE, NoiseToken.S, NoiseToken.ES],
        [NoiseToken.S, NoiseToken.SE]);

    /// <summary><c>&lt;- s</c> known beforehand; <c>-&gt; e, es, s, ss</c>, <c>&lt;- e, ee, se</c>.</summary>
    public static HandshakePattern IK { get; } = new("IK", false, true,
        [NoiseToken.E, NoiseToken.ES, NoiseToken.S, NoiseToken.SS],
        [NoiseToken.E, NoiseToken.EE, NoiseToken.SE]);

    /// <summary>Every pattern this implementation knows.</summary>
    public static IReadOnlyList<HandshakePattern> All { get; } = [NN, NK, NX, XX, IK];

    /// <summary>The pattern's name as it appears in the protocol name ("NX").</summary>
    public string Name { get; }

    /// <summary>The full protocol name, e.g. <c>Noise_NX_25519_ChaChaPoly_SHA256</c>.</summary>
    public string ProtocolName => $"Noise_{Name}_{NoiseConstants.Suite}";

    /// <summary>Pre-message <c>-&gt; s</c>: the responder knows the initiator's static key beforehand.</summary>
    public bool InitiatorStaticPreMessage { get; }

    /// <summary>Pre-message <c>&lt;- s</c>: the initiator knows the responder's static key beforehand.</summary>
    public bool ResponderStaticPreMessage { get; }

    /// <summary>The message patterns in order.</summary>
    public ImmutableArray<ImmutableArray<NoiseToken>> Messages { get; }

    /// <summary>Whether the initiator needs a static key pair.</summary>
    public bool InitiatorHasStatic { get; }

    /// <summary>Whether the responder needs a static key pair.</summary>
    public bool ResponderHasStatic { get; }

    /// <summary>The pattern named <paramref name="name"/> ("NX"), or null.</summary>
    public static HandshakePattern? FromName(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>Who sends message <paramref name="index"/>.</summary>
    public static HandshakeRole SenderOf(int index) => index % 2 == 0 ? HandshakeRole.Initiator : HandshakeRole.Responder;

    public override string ToString() => ProtocolName;

    private IEnumerable<ImmutableArray<NoiseToken>> SentBy(HandshakeRole role) =>
        Messages.Where((_, index) => SenderOf(index) == role);
}
