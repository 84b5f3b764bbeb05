using System.Collections.ObjectModel;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Tui.History;

namespace UdpSuite.Tui.Views;

/// <summary>Ctrl+F: type words, Enter searches the local history (text and sender), newest first.</summary>
internal sealed class SearchPanel : FrameView
{
    private readonly ObservableCollection<string> _results = [];

    public SearchPanel(ChatHistory? history)
    {
        Title = "Search history (Enter searches, Esc closes)";
        Query = new TextField { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
        Results = new ListView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill() };
        Results.SetSource(_results);
        Add(Query, Results);
        Query.Accepting += (_, e) =>
        {
            e.Handled = true;
            _results.Clear();
            if (history is null)
            {
                _results.Add("no local history is kept in this session");
                return;
            }

            var found = history.Search(Query.Text.Trim());
            foreach (var message in found)
            {
                string when = message.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
                _results.Add($"{when} {message.Sender} → {message.Peer}: {message.Text.Replace('\n', ' ')}");
            }

            if (found.Count == 0)
            {
                _results.Add($"nothing matches '{Query.Text.Trim()}'");
            }
        };
    }

    public TextField Query { get; }

    public ListView Results { get; }

    /// <summary>The result rows as shown.</summary>
    public IReadOnlyList<string> ResultText => _results;
}
