using System.Net;
using System.Net.Sockets;
using System.Text;
using Terminal.Gui.Input;
using UdpSuite.Tui.Time;

namespace UdpSuite.Tui.Tests.Views;

public sealed class TimePanelTests
{
    [Fact]
    public async Task Ctrl_T_asks_for_the_default_format_and_shows_reply_and_round_trip()
    {
        await using var responder = new EchoTimeResponder();
        using var chat = new HeadlessChat(open: "瞎驴", time: new UdpTimeService(responder.Address, responder.Address, TimeSpan.FromSeconds(2)), width: 120, height: 40);

        chat.Press(Key.T.WithCtrl);
        await chat.Window.TimePanel.LastQuery;

        Assert.Equal("%Y-%m-%d %X", Assert.Single(responder.Requests));
        string screen = chat.Screen;
        Assert.Contains("Reply: at %Y-%m-%d %X", screen);
        Assert.Contains("Round trip: ", screen);
        Assert.Contains($"from {responder.Address}", screen);
        Assert.Contains("Asia/Shanghai", screen);
    }

    [Fact]
    public async Task Typed_format_and_picked_zone_go_to_the_server_and_the_format_is_remembered()
    {
        await using var responder = new EchoTimeResponder();
        using var chat = new HeadlessChat(open: "瞎驴", time: new UdpTimeService(responder.Address, responder.Address, TimeSpan.FromSeconds(2)), width: 120, height: 40);
        chat.Press(Key.T.WithCtrl);
        await chat.Window.TimePanel.LastQuery;

        chat.Window.TimePanel.Format.Text = "%H时%M分";
        chat.Window.TimePanel.Zones.SelectedItem = 1; // Asia/Shanghai
        chat.Window.TimePanel.Zones.SetFocus();
        chat.Press(Key.Enter);
        await chat.Window.TimePanel.LastQuery;

        Assert.Equal("%{tz=Asia/Shanghai}%H时%M分", responder.Requests[^1]);
        Assert.Contains("Reply: at %{tz=Asia/Shanghai}%H时%M分", chat.Screen);
        Assert.EndsWith("in Asia/Shanghai", chat.Window.TimePanel.RoundTrip.Text, StringComparison.Ordinal);

        chat.Press(Key.Esc);
        chat.Press(Key.T.WithCtrl);
        await chat.Window.TimePanel.LastQuery;
        Assert.Equal("%H时%M分", chat.Window.TimePanel.Format.Text);
        Assert.Equal("%H时%M分", chat.Window.TimePanel.Presets.Source!.ToList()[0]);
    }

    [Fact]
    public async Task Silent_server_is_reported_in_the_panel()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        string address = silent.Client.LocalEndPoint!.ToString()!;
        using var chat = new HeadlessChat(open: "瞎驴", time: new UdpTimeService(address, address, TimeSpan.FromMilliseconds(300)), width: 120, height: 40);

        chat.Press(Key.T.WithCtrl);
        await chat.Window.TimePanel.LastQuery;

        Assert.Contains($"Reply: none: {address} did not answer", chat.Screen);
    }

    /// <summary>A time-text stand-in on 127.0.0.1: answers "at " + the request, and records each request.</summary>
    private sealed class EchoTimeResponder : IAsyncDisposable
    {
        private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public EchoTimeResponder()
        {
            Address = _socket.Client.LocalEndPoint!.ToString()!;
            _loop = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        UdpReceiveResult request = await _socket.ReceiveAsync(_stop.Token);
                        string text = Encoding.UTF8.GetString(request.Buffer);
                        lock (Requests)
                        {
                            Requests.Add(text);
                        }

                        await _socket.SendAsync(Encoding.UTF8.GetBytes("at " + text), request.RemoteEndPoint, _stop.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    // Test over.
                }
            });
        }

        public string Address { get; }

        public List<string> Requests { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _socket.Dispose();
            _stop.Dispose();
        }
    }
}
