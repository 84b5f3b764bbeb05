using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Tests.Security.Noise;

public sealed class NoiseKeyPairTests
{
    [Fact]
    public void Import_derives_the_RFC_7748_public_key()
    {
        // RFC 7748 §6.1, Alice.
        using NoiseKeyPair alice = NoiseKeyPair.Import(Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        Assert.Equal("8520F0098930A754748B7DDCB43EF75A0DBF3A0D26381AF4EBA4A98EAA9B4E6A", Convert.ToHexString(alice.PublicKey));
    }

    [Fact]
    public void Only_an_exportable_pair_exports_its_private_key_and_the_export_round_trips()
    {
        using NoiseKeyPair exportable = NoiseKeyPair.Generate(exportable: true);
        byte[] privateKey = new byte[32];
        exportable.ExportPrivateKey(privateKey);
        using NoiseKeyPair again = NoiseKeyPair.Import(privateKey);
        Assert.Equal(exportable.PublicKey.ToArray(), again.PublicKey.ToArray());

        using NoiseKeyPair sealedPair = NoiseKeyPair.Generate();
        Assert.Throws<InvalidOperationException>(() => sealedPair.ExportPrivateKey(new byte[32]));
        Assert.Throws<ArgumentException>(() => NoiseKeyPair.Import(new byte[31]));
    }
}
