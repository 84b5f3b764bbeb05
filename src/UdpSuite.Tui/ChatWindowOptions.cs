using UdpSuite.Client.AddressBook;
using UdpSuite.Tui.Chat;
using UdpSuite.Tui.History;
using UdpSuite.Tui.Time;

namespace UdpSuite.Tui;

/// <summary>What the main window is built from.</summary>
public sealed record ChatWindowOptions(IChatSession Session, LiveAddressBook AddressBook, ITimeService Time)
{
    /// <summary>The local history (null keeps no history).</summary>
    public ChatHistory? History { get; init; }

    /// <summary>The conversation to start in (display name or account).</summary>
    public string? Open { get; init; }

    /// <summary>The group conversation to start in (<c>--group NAME</c>); wins over <see cref="Open"/>.</summary>
    public string? OpenGroup { get; init; }

    /// <summary>
    /// After this long without a key pressed, my presence becomes away (until the next key); null or zero never
    /// (<c>--away-after MINUTES</c>, default 5 minutes, the server's own idle limit).
    /// </summary>
    public TimeSpan? AwayAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock for idle time, the "unreachable since" banner and last activity (tests pass a fake).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where the chat server is, for the banner.</summary>
    public string ChatServer { get; init; } = string.Empty;

    /// <summary>
    /// What the login said about the server's key when it pinned it on first contact (<c>PinVerification.Describe()</c>,
    /// also written to stderr); shown in the banner until the connection state changes. Null when nothing was pinned.
    /// </summary>
    public string? ServerKeyNotice { get; init; }

    /// <summary>
    /// Runs an action on the UI thread (the application's Invoke by default). Headless tests pass a direct call: their
    /// test thread plays the UI thread.
    /// </summary>
    public Action<Action>? RunOnUi { get; init; }

    /// <summary>Writes control sequences to the terminal (window title, clipboard, desktop notifications); tests record them.</summary>
    public Action<string> WriteTerminal { get; init; } = text => { Console.Out.Write(text); Console.Out.Flush(); };

    /// <summary>Desktop notifications for messages outside the view (the <c>Chat:Notify</c> switch); off by default.</summary>
    public DesktopNotificationStyle DesktopNotifications { get; init; }

    /// <summary>Rings the terminal bell (a message arrived for a conversation that is not on screen).</summary>
    public Action Bell { get; init; } = () => { Console.Out.Write('\a'); Console.Out.Flush(); };
}
