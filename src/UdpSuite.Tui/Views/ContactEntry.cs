using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Text;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Tui.Views;

/// <summary>
/// One row of the contacts list: a heading (no <see cref="Item"/>) or a conversation: presence marker
/// (<see cref="Marker"/>; <c>#</c> for a group), name, unread count, status text, and the last activity at the right edge.
/// </summary>
internal sealed record ContactEntry(string Text, SidebarItem? Item)
{
    public const string UnknownPresence = "·";
    public const string OnlinePresence = "●";
    public const string AwayPresence = "◐";
    public const string OfflinePresence = "○";
    public const string NoSuchAccount = "?";
    public const string GroupMarker = "#";

    public static ContactEntry Heading(string name) => new($"[{name}]", null);

    /// <summary>
    /// A conversation's row fitted to <paramref name="width"/> columns (0: no limit); <paramref name="presence"/> null
    /// means the server has not reported on it (or cannot now: it is unreachable).
    /// </summary>
    public static ContactEntry For(SidebarItem item, int unread, ContactPresence? presence, DateTimeOffset? lastActivity, DateTimeOffset now, int width = 0)
    {
        string marker = item.IsGroup ? GroupMarker : item.Unknown ? NoSuchAccount : Marker(presence?.State);
        string status = item.Unknown ? "no such account" : presence is { State: not PresenceState.Offline } p && !string.IsNullOrWhiteSpace(p.Status) ? TerminalText.Neutralise(p.Status.Trim()) : string.Empty;
        string left = $" {marker} {TerminalText.Neutralise(item.DisplayName)}{(unread > 0 ? $" ({unread})" : string.Empty)}{(status.Length > 0 ? " " + status : string.Empty)}";
        string right = lastActivity is { } at ? Ago(at, now) : string.Empty;
        if (width <= 0)
        {
            return new ContactEntry(right.Length > 0 ? $"{left} {right}" : left, item);
        }

        int room = width - (right.Length > 0 ? right.Length + 1 : 0);
        string fitted = Fit(left, room);
        int pad = Math.Max(0, room - TextWrapper.Columns(fitted));
        return new ContactEntry(right.Length > 0 ? fitted + new string(' ', pad + 1) + right : fitted, item);
    }

    /// <summary>● online, ◐ away, ○ offline, · not known.</summary>
    public static string Marker(PresenceState? presence) => presence switch
    {
        PresenceState.Online => OnlinePresence,
        PresenceState.Away => AwayPresence,
        PresenceState.Offline => OfflinePresence,
        _ => UnknownPresence,
    };

    /// <summary>The last activity, short: the time today, the weekday this week, else the date.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        DateTimeOffset local = at.ToLocalTime();
        DateTimeOffset today = now.ToLocalTime();
        System.Globalization.CultureInfo invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (local.Date == today.Date)
        {
            return local.ToString("HH:mm", invariant);
        }

        return (today.Date - local.Date).TotalDays < 7 ? local.ToString("ddd", invariant) : local.ToString("MM-dd", invariant);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="columns"/> terminal columns, ending in … when cut.</summary>
    private static string Fit(string text, int columns)
    {
        if (columns <= 1 || TextWrapper.Columns(text) <= columns)
        {
            return columns <= 1 ? string.Empty : text;
        }

        var kept = new System.Text.StringBuilder();
        int used = 0;
        System.Globalization.TextElementEnumerator elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            string element = elements.GetTextElement();
            int width = TextWrapper.Columns(element);
            if (used + width > columns - 1)
            {
                break;
            }

            kept.Append(element);
            used += width;
        }

        return kept.Append('…').ToString();
    }

    public override string ToString() => Text;
}
