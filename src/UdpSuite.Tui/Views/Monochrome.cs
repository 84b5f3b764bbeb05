using Terminal.Gui.Drawing;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace UdpSuite.Tui.Views;

/// <summary>
/// NO_COLOR (no-color.org): Terminal.Gui 2.5 only drops to 16 colours for it, so the window takes this scheme: the
/// terminal's own colours, with reverse video and bold instead of colour for focus and hot keys.
/// </summary>
internal static class Monochrome
{
    /// <summary>True when the NO_COLOR variable is set (to anything, as the convention says).</summary>
    public static bool Wanted(Func<string, string?> environment) => environment("NO_COLOR") is not null;

    public static Scheme Scheme()
    {
        var plain = new Attribute(Color.None, Color.None);
        var reverse = new Attribute(Color.None, Color.None, TextStyle.Reverse);
        var bold = new Attribute(Color.None, Color.None, TextStyle.Bold);
        var boldReverse = new Attribute(Color.None, Color.None, TextStyle.Bold | TextStyle.Reverse);
        return new Scheme
        {
            Normal = plain,
            HotNormal = bold,
            Focus = reverse,
            HotFocus = boldReverse,
            Active = reverse,
            HotActive = boldReverse,
            Highlight = bold,
            Editable = plain,
            ReadOnly = plain,
            Disabled = plain,
        };
    }
}
