using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The banner under the menu, one line unless the text has several (a refused server key shows both fingerprints and
/// the known_servers line): who I am and where, or — in reverse video and starting with "!" so it shows without colour
/// too — that the server is unreachable, its key was refused or contacts.json is broken.
/// </summary>
internal sealed class InfoBanner : Label
{
    /// <summary>Terminal.Gui's value for "no hotkey specifier".</summary>
    internal static readonly System.Text.Rune NoHotKey = (System.Text.Rune)0xFFFF;

    private static readonly Scheme Alert = new(new Attribute(Color.White, Color.Red));

    public InfoBanner()
    {
        X = 0;
        Width = Dim.Fill();
        HotKeySpecifier = NoHotKey; // a Label reads '_' as a hotkey mark and hides it: known_servers would show as knownservers
        TextFormatter.WordWrap = true; // a long line (a known_servers path) wraps instead of being cut at the edge
        Height = Dim.Auto(DimAutoStyle.Text);
    }

    /// <summary>True while the banner shows a problem.</summary>
    public bool IsAlert { get; private set; }

    public void ShowInfo(string text)
    {
        IsAlert = false;
        SchemeName = null;
        Show(text);
    }

    public void ShowAlert(string text)
    {
        IsAlert = true;
        SetScheme(Alert);
        Show("! " + text);
    }

    private void Show(string text) => Text = text;
}
