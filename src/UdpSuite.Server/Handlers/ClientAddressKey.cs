using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Server.Handlers;

/// <summary>
/// A client's IP address (port ignored) as a 128-bit value, read straight from the OS socket address without
/// allocating. IPv4 addresses are stored in their IPv4-mapped IPv6 form, so a client seen on a dual-mode socket
/// and on an IPv4 socket is one client.
/// </summary>
public readonly record struct ClientAddressKey(ulong High, ulong Low)
{
    private const ulong Ipv4MappedPrefix = 0x0000_FFFF_0000_0000UL;

    /// <summary>Reads the address from <paramref name="address"/>; unknown families collapse to one shared key.</summary>
    public static ClientAddressKey From(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        ReadOnlySpan<byte> raw = address.Buffer.Span[..address.Size];
        // Layouts of sockaddr_in (family, port, addr[4]) and sockaddr_in6 (family, port, flowinfo, addr[16], scope).
        if (address.Family == AddressFamily.InterNetwork && raw.Length >= 8)
        {
            return new ClientAddressKey(0, Ipv4MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(raw[4..]));
        }

        if (address.Family == AddressFamily.InterNetworkV6 && raw.Length >= 24)
        {
            return new ClientAddressKey(BinaryPrimitives.ReadUInt64BigEndian(raw[8..]), BinaryPrimitives.ReadUInt64BigEndian(raw[16..]));
        }

        return new ClientAddressKey(ulong.MaxValue, (ulong)address.Family);
    }
}
