using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace UdpSuite.Client.Transport;

/// <summary>Parses and resolves <c>HOST</c>, <c>HOST:PORT</c>, <c>IPv4:PORT</c> or <c>[IPv6]:PORT</c>.</summary>
public static class UdpServerAddress
{
    /// <summary>Splits <paramref name="text"/> into host and port (default <paramref name="defaultPort"/>); false with a message when malformed.</summary>
    public static bool TryParse(string? text, int defaultPort, out string host, out int port, out string error)
    {
        host = string.Empty;
        port = defaultPort;
        error = string.Empty;
        string value = (text ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            error = "empty server address";
            return false;
        }

        string portText = string.Empty;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{text}': missing ']' after the IPv6 address";
                return false;
            }

            host = value[1..close];
            if (close + 1 < value.Length)
            {
                if (value[close + 1] != ':')
                {
                    error = $"'{text}': expected ':PORT' after ']'";
                    return false;
                }

                portText = value[(close + 2)..];
            }
        }
        else if (value.Count(c => c == ':') > 1)
        {
            host = value; // bare IPv6 address without a port
        }
        else
        {
            int colon = value.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? value : value[..colon];
            portText = colon < 0 ? string.Empty : value[(colon + 1)..];
        }

        if (portText.Length > 0
            && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535))
        {
            error = $"'{text}': port must be 1-65535";
            return false;
        }

        if (host.Length == 0)
        {
            error = $"'{text}': missing host";
            return false;
        }

        return true;
    }

    /// <summary>Resolves <paramref name="text"/> to an endpoint (IPv4 preferred); throws <see cref="UdpRequestException"/> with a clear message.</summary>
    public static async Task<IPEndPoint> ResolveAsync(string? text, int defaultPort, CancellationToken cancellationToken = default)
    {
        if (!TryParse(text, defaultPort, out string host, out int port, out string error))
        {
            throw new UdpRequestException(error);
        }

        if (IPAddress.TryParse(host, out IPAddress? literal))
        {
            return new IPEndPoint(literal, port);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new UdpRequestException($"cannot resolve '{host}': {ex.Message}", ex);
        }

        IPAddress? chosen = Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork) ?? (addresses.Length > 0 ? addresses[0] : null);
        return chosen is null ? throw new UdpRequestException($"'{host}' has no address") : new IPEndPoint(chosen, port);
    }
}
