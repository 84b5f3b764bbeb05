using System.Text;
using Terminal.Gui.Drawing;

namespace UdpSuite.Tui.Views;

/// <summary>
/// A colour per sender in group conversations, the same in every run and on every machine (a hash of the account's
/// UTF-8 bytes, not .NET's per-process string hash), from colours that read on the default dark and light backgrounds.
/// The name is always written too, so NO_COLOR loses nothing.
/// </summary>
internal static class SenderColors
{
    private static readonly Color[] Palette =
    [
        new(ColorName16.BrightCyan),
        new(ColorName16.BrightGreen),
        new(ColorName16.BrightMagenta),
        new(ColorName16.BrightYellow),
        new(ColorName16.BrightBlue),
        new(ColorName16.BrightRed),
        new(ColorName16.Cyan),
        new(ColorName16.Green),
    ];

    /// <summary>The colour of <paramref name="sender"/>.</summary>
    public static Color For(string sender)
    {
        // FNV-1a over UTF-8: stable, and spreads similar names (瞎驴, 瞎驴2) apart.
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(sender))
        {
            hash = (hash ^ b) * 16777619;
        }

        return Palette[hash % (uint)Palette.Length];
    }
}
