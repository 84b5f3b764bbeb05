using Terminal.Gui.ViewBase;

namespace UdpSuite.Tui;

// The right-hand side: the conversation, or the time, search or help panel in its place.
internal sealed partial class ChatWindow
{
    /// <summary>Shows the time panel and asks for the last-used format; the returned task completes with the reply.</summary>
    public Task ShowTime()
    {
        ShowPanel(TimePanel);
        return TimePanel.Open();
    }

    private void ShowSearch()
    {
        ShowPanel(SearchPanel);
        SearchPanel.Query.SetFocus();
    }

    private void ShowHelp()
    {
        ShowPanel(HelpPanel);
        HelpPanel.List.SetFocus();
    }

    private void ShowPanel(View panel)
    {
        foreach (View other in new View[] { TimePanel, SearchPanel, HelpPanel })
        {
            other.Visible = other == panel;
        }

        Conversation.Visible = false;
        SetNeedsLayout();
    }

    private void ClosePanels()
    {
        TimePanel.Visible = SearchPanel.Visible = HelpPanel.Visible = false;
        Conversation.Visible = true;
        Compose.Input.SetFocus();
        SetNeedsLayout();
    }
}
