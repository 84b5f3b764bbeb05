namespace UdpSuite.Server.Hosting;

/// <summary>A listener's configured port: disabled (<c>off</c>), ephemeral (<c>0</c>) or a fixed number.</summary>
public readonly record struct ListenerPort(bool IsEnabled, int Number)
{
    public static ListenerPort Off => new(false, 0);

    /// <summary>Parses <c>off</c> (any case), or an integer 0..65535. Returns false with a message otherwise.</summary>
    public static bool TryParse(string? text, out ListenerPort port, out string error)
    {
        string trimmed = (text ?? string.Empty).Trim();
        if (string.Equals(trimmed, "off", StringComparison.OrdinalIgnoreCase))
        {
            port = Off;
            error = string.Empty;
            return true;
        }

        if (int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number)
            && number is >= 0 and <= 65535)
        {
            port = new ListenerPort(true, number);
            error = string.Empty;
            return true;
        }

        port = Off;
        error = $"'{text}' is not a port: use a number 1-65535, 0 for an ephemeral port, or 'off'";
        return false;
    }
}
