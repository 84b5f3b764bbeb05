using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using Attribute = Terminal.Gui.Drawing.Attribute;

namespace UdpSuite.Tui.Views;

/// <summary>
/// The one-line banner under the menu: who I am and where, or — in reverse video and starting with "!" so it shows
/// without colour too — that the server is unreachable or contacts.json is broken.
/// </summary>
internal sealed class InfoBanner : Label
{
    private static readonly Scheme Alert = new(new Attribute(Color.White, Color.Red));

    public InfoBanner()
    {
        X = 0;
        Height = 1;
        Width = Dim.Fill();
    }

    /// <summary>True while the banner shows a problem.</summary>
    public bool IsAlert { get; private set; }

    public void ShowInfo(string text)
    {
        IsAlert = false;
        SchemeName = null;
        Text = text;
    }

    public void ShowAlert(string text)
    {
        IsAlert = true;
        SetScheme(Alert);
        Text = "! " + text;
    }
}
