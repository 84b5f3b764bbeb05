namespace UdpSuite.Tui;

/// <summary>How the client asks the terminal for a desktop notification (<see cref="ChatWindowOptions.DesktopNotifications"/>).</summary>
public enum DesktopNotificationStyle
{
    /// <summary>None: the bell and the window title only.</summary>
    Off,

    /// <summary><c>ESC ] 777 ; notify ; title ; body BEL</c>.</summary>
    Osc777,

    /// <summary><c>ESC ] 9 ; text BEL</c>.</summary>
    Osc9,
}

/// <summary>Reads the switch (<c>Chat:Notify</c> in client.json, or <c>UDPSUITE_Chat__Notify</c>).</summary>
public static class DesktopNotificationStyles
{
    /// <summary>What the setting may be, for messages.</summary>
    public const string Expected = "off, osc777 or osc9";

    /// <summary><c>osc777</c> or <c>osc9</c> (any case) switch notifications on; unset, empty or <c>off</c> leave them off; anything else is refused.</summary>
    public static bool TryParse(string? value, out DesktopNotificationStyle style)
    {
        style = value?.Trim().ToLowerInvariant() switch
        {
            "osc777" => DesktopNotificationStyle.Osc777,
            "osc9" => DesktopNotificationStyle.Osc9,
            _ => DesktopNotificationStyle.Off,
        };
        return style != DesktopNotificationStyle.Off || string.IsNullOrWhiteSpace(value) || value.Trim().Equals("off", StringComparison.OrdinalIgnoreCase);
    }
}
