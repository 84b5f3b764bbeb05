namespace UdpSuite.Tui.Chat;

/// <summary>What the client knows about whether a contact is there.</summary>
public enum PresenceState
{
    /// <summary>Nothing reported (yet): shown as "·".</summary>
    Unknown,

    /// <summary>Logged in and active: "●".</summary>
    Online,

    /// <summary>Logged in but away or idle: "◐".</summary>
    Away,

    /// <summary>Not logged in: "○".</summary>
    Offline,
}

/// <summary><paramref name="User"/> (an account) is now <paramref name="State"/>, with an optional free-text <paramref name="Status"/> ("开会", "back at 3").</summary>
public sealed record PresenceUpdate(string User, PresenceState State, string? Status = null);
