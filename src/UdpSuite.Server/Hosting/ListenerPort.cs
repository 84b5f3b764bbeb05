using System.Globalization;

namespace UdpSuite.Server.Hosting;

/// <summary>A listener's configured port: disabled (<c>off</c>), ephemeral (<c>0</c>) or a fixed number.</summary>
public readonly record struct ListenerPort(bool IsEnabled, int Number)
{
    /// <summary>What a port setting may be, for messages.</summary>
    public const string Expected = "a number 1-65535, 0 for an ephemeral port, or off";

    public static ListenerPort Off => new(false, 0);

    /// <summary>Parses <c>off</c> (any case), or an integer 0..65535.</summary>
    public static bool TryParse(string? text, out ListenerPort port)
    {
        string trimmed = (text ?? string.Empty).Trim();
        if (string.Equals(trimmed, "off", StringComparison.OrdinalIgnoreCase))
        {
            port = Off;
            return true;
        }

        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number is >= 0 and <= 65535)
        {
            port = new ListenerPort(true, number);
            return true;
        }

        port = Off;
        return false;
    }

    /// <summary>Parses a validated setting; throws <see cref="FormatException"/> for anything <see cref="TryParse"/> refuses.</summary>
    public static ListenerPort Parse(string? text) =>
        TryParse(text, out ListenerPort port) ? port : throw new FormatException($"'{text}' is not a port: expected {Expected}");
}
