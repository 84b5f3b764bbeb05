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

/// <summary>Reads the switch.</summary>
public static class DesktopNotificationStyles
{
    /// <summary><c>osc777</c> or <c>osc9</c> (any case) switch notifications on; anything else leaves them off.</summary>
    public static DesktopNotificationStyle FromEnvironment(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "osc777" => DesktopNotificationStyle.Osc777,
        "osc9" => DesktopNotificationStyle.Osc9,
        _ => DesktopNotificationStyle.Off,
    };
}
