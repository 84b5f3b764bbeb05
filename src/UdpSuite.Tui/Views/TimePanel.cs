using System.Collections.ObjectModel;
using System.Globalization;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Sntp;
using UdpSuite.Client.TimeText;
using UdpSuite.Client.Transport;
using UdpSuite.Tui.Time;

namespace UdpSuite.Tui.Views;

/// <summary>
/// Ctrl+T: asks the time-text server at once for the last-used format (the default one from contacts.json the first
/// time) and shows the reply and its round trip. The format field takes any strftime format; the preset list holds
/// the formats used in this session followed by those in contacts.json; the zone list holds the file's zones (the
/// first entry, "server zone", sends none). F5 runs an SNTP query and shows offset, delay and stratum.
/// </summary>
internal sealed class TimePanel : FrameView
{
    private const string ServerZone = "(server zone)";
    private readonly ITimeService _time;
    private readonly Action<Action> _runOnUi;
    private readonly ObservableCollection<string> _presets = [];
    private readonly ObservableCollection<string> _zones = [];
    private readonly List<string> _used = [];
    private TimeSettings _settings = AddressBookDocument.Empty(string.Empty).Time;

    public TimePanel(ITimeService time, Action<Action> runOnUi)
    {
        _time = time;
        _runOnUi = runOnUi;
        Title = "Time (Enter asks, F5 SNTP, Esc closes)";
        var formatLabel = new Label { X = 0, Y = 0, Text = "Format:" };
        Format = new TextField { X = 8, Y = 0, Width = Dim.Fill(), Height = 1 };
        var zoneLabel = new Label { X = 0, Y = 1, Text = "Zone:" };
        Zone = new TextField { X = 8, Y = 1, Width = Dim.Fill(), Height = 1 };
        // Narrow enough to sit beside the conversation: the two lists side by side, the answers wrapped under them.
        var presetsLabel = new Label { X = 0, Y = 2, Text = "Formats used" };
        Presets = new ListView { X = 0, Y = 3, Width = Dim.Percent(55), Height = 4 };
        Presets.SetSource(_presets);
        var zonesLabel = new Label { X = Pos.Right(Presets) + 1, Y = 2, Text = "Zones" };
        Zones = new ListView { X = Pos.Right(Presets) + 1, Y = 3, Width = Dim.Fill(), Height = 4 };
        Zones.SetSource(_zones);
        Reply = Wrapping(7, 2);
        RoundTrip = Wrapping(9, 2);
        Sntp = Wrapping(11, 3);
        Sntp.Text = "SNTP: press F5";
        Add(formatLabel, Format, zoneLabel, Zone, presetsLabel, Presets, zonesLabel, Zones, Reply, RoundTrip, Sntp);

        Format.Accepting += (_, e) => { e.Handled = true; _ = AskAsync(); };
        Zone.Accepting += (_, e) => { e.Handled = true; _ = AskAsync(); };
        Presets.Accepting += (_, e) =>
        {
            e.Handled = true;
            if (Presets.SelectedItem is int i && i < _presets.Count)
            {
                Format.Text = _presets[i];
                _ = AskAsync();
            }
        };
        Zones.Accepting += (_, e) =>
        {
            e.Handled = true;
            if (Zones.SelectedItem is int i && i < _zones.Count)
            {
                Zone.Text = _zones[i] == ServerZone ? string.Empty : _zones[i];
                _ = AskAsync();
            }
        };
        KeyDown += (_, key) =>
        {
            if (key == Key.F5)
            {
                key.Handled = true;
                _ = AskSntpAsync();
            }
        };
    }

    public TextField Format { get; }

    public TextField Zone { get; }

    public ListView Presets { get; }

    public ListView Zones { get; }

    /// <summary>"Reply: ..." — the server's answer or what went wrong.</summary>
    public Label Reply { get; }

    public Label RoundTrip { get; }

    public Label Sntp { get; }

    /// <summary>The query in flight or last finished (tests await it).</summary>
    public Task LastQuery { get; private set; } = Task.CompletedTask;

    /// <summary>Takes the presets and zones from the address book (called again after it reloads).</summary>
    public void UseSettings(TimeSettings settings)
    {
        _settings = settings;
        Fill(_presets, _used.Concat(settings.Formats).Distinct(StringComparer.Ordinal));
        Fill(_zones, settings.Zones.Prepend(ServerZone));
    }

    /// <summary>Opens with the last-used format (or the default) and asks right away.</summary>
    public Task Open()
    {
        Format.Text = _used.Count > 0 ? _used[0] : _settings.DefaultFormat;
        Format.SetFocus();
        return AskAsync();
    }

    /// <summary>Asks for the time in the format and zone in the fields.</summary>
    public Task AskAsync()
    {
        string format = Format.Text;
        string? zone = Zone.Text.Trim().Length > 0 ? Zone.Text.Trim() : null;
        _used.Remove(format);
        _used.Insert(0, format);
        UseSettings(_settings);
        Reply.Text = $"Asking {_time.TimeServer} ...";
        LastQuery = AskTextAsync(format, zone);
        return LastQuery;
    }

    /// <summary>Runs one SNTP exchange.</summary>
    public Task AskSntpAsync()
    {
        Sntp.Text = $"SNTP: asking {_time.SntpServer} ...";
        LastQuery = AskSntpCoreAsync();
        return LastQuery;
    }

    private static Label Wrapping(int y, int height)
    {
        var label = new Label { X = 0, Y = y, Width = Dim.Fill(), Height = height, Text = string.Empty };
        label.TextFormatter.WordWrap = true;
        return label;
    }

    private static void Fill(ObservableCollection<string> target, IEnumerable<string> items)
    {
        target.Clear();
        foreach (string item in items)
        {
            target.Add(item);
        }
    }

    private static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";

    private async Task AskTextAsync(string format, string? zone)
    {
        string reply;
        string roundTrip = string.Empty;
        try
        {
            TimeTextResult result = await _time.QueryTextAsync(format, zone, CancellationToken.None).ConfigureAwait(false);
            reply = $"Reply: {result.Text}";
            roundTrip = $"Round trip: {Milliseconds(result.RoundTrip)} from {result.Server}{(zone is null ? string.Empty : " in " + zone)}";
        }
        catch (TimeTextErrorException ex)
        {
            reply = $"Reply: ERR {ex.Message}";
        }
        catch (UdpTimeoutException)
        {
            reply = $"Reply: none: {_time.TimeServer} did not answer";
        }
        catch (UdpRequestException ex)
        {
            reply = $"Reply: none: {ex.Message}";
        }
        catch (ArgumentException ex)
        {
            reply = $"Reply: none: {ex.Message}";
        }

        _runOnUi(() =>
        {
            Reply.Text = reply;
            RoundTrip.Text = roundTrip;
        });
    }

    private async Task AskSntpCoreAsync()
    {
        string text;
        try
        {
            SntpQueryResult result = await _time.QuerySntpAsync(CancellationToken.None).ConfigureAwait(false);
            text = string.Create(
                CultureInfo.InvariantCulture,
                $"SNTP {_time.SntpServer}: offset {result.Offset.TotalMilliseconds:+0.###;-0.###;0} ms, delay {result.Delay.TotalMilliseconds:0.###} ms, stratum {result.Stratum}, ref {result.ReferenceIdText}");
        }
        catch (SntpKissOfDeathException ex)
        {
            text = $"SNTP: {ex.Message}";
        }
        catch (UdpTimeoutException)
        {
            text = $"SNTP: {_time.SntpServer} did not answer";
        }
        catch (UdpRequestException ex)
        {
            text = $"SNTP: {ex.Message}";
        }

        _runOnUi(() => Sntp.Text = text);
    }
}
