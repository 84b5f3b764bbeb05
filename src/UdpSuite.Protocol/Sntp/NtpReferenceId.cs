using System.Buffers.Binary;

namespace UdpSuite.Protocol.Sntp;

/// <summary>Helpers for the 32-bit reference identifier: a 4-character ASCII code at stratum 0/1, an IPv4 address above.</summary>
public static class NtpReferenceId
{
    /// <summary>chrony's refid for its local reference (<c>local stratum N</c>): 127.127.1.1.</summary>
    public const uint LocalClock = 0x7F7F_0101u;

    /// <summary>The Kiss-o'-Death code RATE (RFC 5905 section 7.4).</summary>
    public static readonly uint Rate = FromAscii("RATE");

    /// <summary>Packs up to 4 ASCII characters, left-justified and zero-padded as RFC 5905 requires.</summary>
    public static uint FromAscii(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length > 4)
        {
            throw new ArgumentException("A reference id code has at most 4 characters.", nameof(code));
        }

        Span<byte> bytes = stackalloc byte[4];
        bytes.Clear();
        for (int i = 0; i < code.Length; i++)
        {
            char c = code[i];
            if (c > 0x7E || c < 0x20)
            {
                throw new ArgumentException("A reference id code is printable ASCII.", nameof(code));
            }

            bytes[i] = (byte)c;
        }

        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    /// <summary>
    /// Human-readable form: the ASCII code for stratum 0 and 1 (non-printable bytes shown as '.'),
    /// dotted IPv4 otherwise (the refid of an IPv6 upstream is a hash and reads as one too).
    /// </summary>
    public static string Format(uint referenceId, byte stratum)
    {
        if (stratum <= 1)
        {
            Span<char> chars = stackalloc char[4];
            int length = 0;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                byte b = (byte)(referenceId >> shift);
                if (b == 0)
                {
                    break;
                }

                chars[length++] = b is >= 0x20 and <= 0x7E ? (char)b : '.';
            }

            return new string(chars[..length]);
        }

        return $"{referenceId >> 24}.{(referenceId >> 16) & 0xFF}.{(referenceId >> 8) & 0xFF}.{referenceId & 0xFF}";
    }
}
