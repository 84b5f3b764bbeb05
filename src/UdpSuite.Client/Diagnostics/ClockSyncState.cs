namespace UdpSuite.Client.Diagnostics;

/// <summary>Whether this machine's clock is synchronised, as read from chrony or systemd-timedated.</summary>
public sealed record ClockSyncState(bool? Synchronised, string Source, string Detail)
{
    /// <summary>
    /// From <c>chronyc -n tracking</c>: synchronised when the leap status is Normal (chrony's own test) and the
    /// reference is not the local clock; the detail names the reference and the offset line.
    /// </summary>
    public static ClockSyncState FromChronyTracking(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string? leap = Field(output, "Leap status");
        string? reference = Field(output, "Reference ID");
        string? offset = Field(output, "System time");
        if (leap is null)
        {
            return new ClockSyncState(null, "chronyc", "no tracking report");
        }

        bool synchronised = leap.Equals("Normal", StringComparison.OrdinalIgnoreCase);
        return new ClockSyncState(synchronised, "chronyc", $"leap status {leap}; reference {reference ?? "?"}; {offset ?? "offset unknown"}");
    }

    /// <summary>From <c>timedatectl show</c>: its <c>NTPSynchronized=yes|no</c> line.</summary>
    public static ClockSyncState FromTimedatectl(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (string line in output.Split('\n'))
        {
            if (line.StartsWith("NTPSynchronized=", StringComparison.Ordinal))
            {
                bool synchronised = line.EndsWith("=yes", StringComparison.Ordinal);
                return new ClockSyncState(synchronised, "timedatectl", line.Trim());
            }
        }

        return new ClockSyncState(null, "timedatectl", "no NTPSynchronized line");
    }

    private static string? Field(string output, string name)
    {
        foreach (string line in output.Split('\n'))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.Ordinal))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }
}
