using System.Text;

namespace UdpSuite.Protocol.Lan;

/// <summary>
/// The two text encodings of IP Messenger: UTF-8 with peers that announce it, a legacy code page (GB18030 by
/// default) with the rest. Both decode invalid bytes to U+FFFD and never throw.
/// </summary>
public static class IpMsgEncodings
{
    /// <summary>UTF-8 without a byte order mark; invalid bytes read as U+FFFD.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// The legacy code page named <paramref name="name"/> (e.g. GB18030, GBK, shift_jis, or a number such as 54936),
    /// with replacement fallbacks both ways. Registers the code-pages provider (.NET ships only UTF and Latin-1 without
    /// it). An unknown name is an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static Encoding Legacy(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            return int.TryParse(name.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int codePage)
                ? Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback)
                : Encoding.GetEncoding(name.Trim(), EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"'{name}' is not a text encoding this system knows (e.g. GB18030, GBK, big5, shift_jis)", nameof(name), ex);
        }
    }

    /// <summary>GB18030 (code page 54936), the default legacy encoding.</summary>
    public static Encoding Gb18030 => Legacy(IpMsgWire.DefaultLegacyEncoding);
}
