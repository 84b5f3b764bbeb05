namespace UdpSuite.Protocol.Security.Noise;

/// <summary>The tokens of a Noise message pattern (§7.1) without pre-shared keys.</summary>
public enum NoiseToken
{
    /// <summary>The sender's ephemeral public key, in clear.</summary>
    E,

    /// <summary>The sender's static public key, encrypted once a key is set.</summary>
    S,

    /// <summary>DH(initiator ephemeral, responder ephemeral).</summary>
    EE,

    /// <summary>DH(initiator ephemeral, responder static).</summary>
    ES,

    /// <summary>DH(initiator static, responder ephemeral).</summary>
    SE,

    /// <summary>DH(initiator static, responder static).</summary>
    SS,
}
