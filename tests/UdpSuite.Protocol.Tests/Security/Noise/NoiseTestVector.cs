using System.Text.Json;

namespace UdpSuite.Protocol.Tests.Security.Noise;

/// <summary>One entry of noise-vectors.json (cacophony / snow format, hex strings).</summary>
public sealed record NoiseTestVector(
    string Source,
    string ProtocolName,
    byte[] InitiatorPrologue,
    byte[] ResponderPrologue,
    byte[]? InitiatorStatic,
    byte[] InitiatorEphemeral,
    byte[]? InitiatorRemoteStatic,
    byte[]? ResponderStatic,
    byte[] ResponderEphemeral,
    byte[]? ResponderRemoteStatic,
    byte[]? HandshakeHash,
    IReadOnlyList<(byte[] Payload, byte[] Ciphertext)> Messages)
{
    public override string ToString() => $"{Source}: {ProtocolName}";

    public static IReadOnlyList<NoiseTestVector> LoadAll()
    {
        using Stream stream = typeof(NoiseTestVector).Assembly.GetManifestResourceStream("noise-vectors.json")
            ?? throw new InvalidOperationException("noise-vectors.json is not embedded.");
        using JsonDocument document = JsonDocument.Parse(stream);
        return [.. document.RootElement.GetProperty("vectors").EnumerateArray().Select(Parse)];
    }

    private static NoiseTestVector Parse(JsonElement entry) => new(
        entry.GetProperty("source").GetString()!,
        entry.GetProperty("protocol_name").GetString()!,
        Hex(entry, "init_prologue")!,
        Hex(entry, "resp_prologue")!,
        Hex(entry, "init_static"),
        Hex(entry, "init_ephemeral")!,
        Hex(entry, "init_remote_static"),
        Hex(entry, "resp_static"),
        Hex(entry, "resp_ephemeral")!,
        Hex(entry, "resp_remote_static"),
        Hex(entry, "handshake_hash"),
        [.. entry.GetProperty("messages").EnumerateArray().Select(m => (Convert.FromHexString(m.GetProperty("payload").GetString()!), Convert.FromHexString(m.GetProperty("ciphertext").GetString()!)))]);

    private static byte[]? Hex(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out JsonElement value) ? Convert.FromHexString(value.GetString()!) : null;
}
