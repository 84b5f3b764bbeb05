using System.Globalization;

namespace UdpSuite.Client.Diagnostics;

/// <summary>A local socket from <c>/proc/net/{udp,udp6,tcp,tcp6}</c>: its port, whether it waits for peers, and its inode.</summary>
public readonly record struct LocalSocket(int Port, bool Listening, long Inode);

/// <summary>
/// Reads the kernel's socket tables (<c>/proc/net/udp</c> and friends), so the doctor can say which program holds a
/// port without running <c>ss</c> or <c>lsof</c>. Pure: the caller reads the file.
/// </summary>
public static class ProcNetSockets
{
    /// <summary>TCP state LISTEN.</summary>
    private const string TcpListen = "0A";

    /// <summary>UDP sockets show 07 (unconnected) once bound.</summary>
    private const string UdpBound = "07";

    /// <summary>
    /// The sockets in <paramref name="table"/> (the header line and malformed lines are skipped). For UDP a bound,
    /// unconnected socket counts as listening; for TCP the LISTEN state does.
    /// </summary>
    public static IReadOnlyList<LocalSocket> Parse(string table, bool tcp)
    {
        ArgumentNullException.ThrowIfNull(table);
        var sockets = new List<LocalSocket>();
        foreach (string line in table.Split('\n').Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10)
            {
                continue;
            }

            int colon = fields[1].LastIndexOf(':');
            if (colon < 0
                || !int.TryParse(fields[1].AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int port)
                || !long.TryParse(fields[9], NumberStyles.Integer, CultureInfo.InvariantCulture, out long inode))
            {
                continue;
            }

            bool listening = string.Equals(fields[3], tcp ? TcpListen : UdpBound, StringComparison.OrdinalIgnoreCase);
            sockets.Add(new LocalSocket(port, listening, inode));
        }

        return sockets;
    }
}
