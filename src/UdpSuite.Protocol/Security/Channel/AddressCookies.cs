using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using UdpSuite.Protocol.Security.Noise;

namespace UdpSuite.Protocol.Security.Channel;

/// <summary>
/// Stateless cookies for address validation (RFC 9000 §8.1, WireGuard's cookie reply): the server answers an
/// INITIATION under load with <c>HMAC-SHA256(secret, source IP (16, IPv4 mapped) ‖ port (u16) ‖ handshake id (u64)
/// ‖ e (32))</c> truncated to 16 bytes, and keeps nothing. An INITIATION that echoes it proves the client receives at
/// that address. The secret is random and replaced every <see cref="Rotation"/>; the previous one is still
/// accepted, so a cookie is valid for one to two rotation periods. Comparison is constant-time.
/// </summary>
/// <remarks>Pure: the rotation happens lazily on the <c>now</c> given to each call. Not thread-safe.</remarks>
public sealed class AddressCookies : IDisposable
{
    /// <summary>How often the secret changes by default (cookies live 2 to 4 minutes).</summary>
    public static readonly TimeSpan DefaultRotation = TimeSpan.FromMinutes(2);

    private const int SecretLength = 32;
    private const int InputLength = 16 + 2 + ChannelWire.HandshakeIdLength + NoiseConstants.DhLength;

    private readonly byte[] _current = GC.AllocateArray<byte>(SecretLength, pinned: true);
    private readonly byte[] _previous = GC.AllocateArray<byte>(SecretLength, pinned: true);
    private bool _hasPrevious;
    private TimeSpan _rotatedAt;

    public AddressCookies(TimeSpan now, TimeSpan? rotation = null)
    {
        Rotation = rotation ?? DefaultRotation;
        if (Rotation <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(rotation), rotation, "The rotation period must be positive.");
        }

        RandomNumberGenerator.Fill(_current);
        _rotatedAt = now;
    }

    public TimeSpan Rotation { get; }

    /// <summary>Writes the cookie for this source and opening into <paramref name="cookie"/> (16 bytes).</summary>
    public void Mint(IPEndPoint source, ulong handshakeId, ReadOnlySpan<byte> ephemeral, TimeSpan now, Span<byte> cookie)
    {
        ArgumentNullException.ThrowIfNull(source);
        RotateIfDue(now);
        Compute(_current, source, handshakeId, ephemeral, cookie[..ChannelWire.CookieLength]);
    }

    /// <summary>Whether <paramref name="cookie"/> was minted for this source and opening under the current or previous secret.</summary>
    public bool IsValid(IPEndPoint source, ulong handshakeId, ReadOnlySpan<byte> ephemeral, ReadOnlySpan<byte> cookie, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (cookie.Length != ChannelWire.CookieLength)
        {
            return false;
        }

        RotateIfDue(now);
        Span<byte> expected = stackalloc byte[ChannelWire.CookieLength];
        Compute(_current, source, handshakeId, ephemeral, expected);
        bool valid = CryptographicOperations.FixedTimeEquals(expected, cookie);
        if (_hasPrevious)
        {
            Compute(_previous, source, handshakeId, ephemeral, expected);
            valid |= CryptographicOperations.FixedTimeEquals(expected, cookie);
        }

        return valid;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_current);
        CryptographicOperations.ZeroMemory(_previous);
    }

    private void RotateIfDue(TimeSpan now)
    {
        TimeSpan elapsed = now - _rotatedAt;
        if (elapsed < Rotation)
        {
            return;
        }

        // One period late: the current secret becomes the previous one. Two or more: both are stale.
        _hasPrevious = elapsed < 2 * Rotation;
        if (_hasPrevious)
        {
            _current.CopyTo(_previous, 0);
        }
        else
        {
            CryptographicOperations.ZeroMemory(_previous);
        }

        RandomNumberGenerator.Fill(_current);
        _rotatedAt = now;
    }

    private static void Compute(ReadOnlySpan<byte> secret, IPEndPoint source, ulong handshakeId, ReadOnlySpan<byte> ephemeral, Span<byte> cookie)
    {
        if (ephemeral.Length != NoiseConstants.DhLength)
        {
            throw new ArgumentException($"The ephemeral key is {NoiseConstants.DhLength} bytes.", nameof(ephemeral));
        }

        Span<byte> input = stackalloc byte[InputLength];
        IPAddress address = source.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? source.Address.MapToIPv6() : source.Address;
        if (!address.TryWriteBytes(input[..16], out int written) || written != 16)
        {
            throw new ArgumentException("The source address is neither IPv4 nor IPv6.", nameof(source));
        }

        BinaryPrimitives.WriteUInt16BigEndian(input[16..], (ushort)source.Port);
        BinaryPrimitives.WriteUInt64BigEndian(input[18..], handshakeId);
        ephemeral.CopyTo(input[26..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, input, mac);
        mac[..ChannelWire.CookieLength].CopyTo(cookie);
    }
}
