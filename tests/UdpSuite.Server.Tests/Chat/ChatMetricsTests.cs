using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat;
using UdpSuite.Server.Hosting;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Chat;

public class ChatMetricsTests
{
    [Fact]
    public async Task Drops_are_published_by_reason_on_the_server_meter_and_commits_are_timed()
    {
        var seen = new ConcurrentBag<(string Instrument, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                if (tag.Key is "reason" or "event")
                {
                    seen.Add((instrument.Name, tag.Value as string));
                }
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => seen.Add((instrument.Name, null)));
        listener.Start();

        await using var server = ChatTestServer.Start();
        using var alice = new ChatTestPeer(server.Endpoint, "alice");
        Assert.Null(await alice.RegisterAsync("pw"));
        Assert.Null(await alice.LoginAsync("pw"));
        byte[] forged = alice.Seal(ChatMessageType.Ping, []);
        forged[^1] ^= 1;
        alice.SendRaw(forged);
        alice.Send("alice", "note to self");
        Assert.True(await alice.WaitForAsync(() => alice.Receipts.Count == 1));

        Assert.Contains(("udpsuite.server.datagrams.dropped", ChatDropReasons.BadMac), seen);
        Assert.Contains(("udpsuite.server.chat.events", ChatDropReasons.BadMac), seen);
        Assert.Contains(("udpsuite.server.chat.events", ChatEvents.Committed), seen);
        Assert.Contains(("udpsuite.server.chat.commit.duration", null), seen);
    }

    [Fact]
    public void The_chat_listener_defaults_to_port_8081_and_a_udpsuite_data_directory()
    {
        var options = new ServerOptions();
        Assert.Equal("8081", options.ChatPort);
        Assert.Equal("udpsuite", Path.GetFileName(ChatDataDirectory.Resolve(options.DataDirectory)));
        Assert.Equal("/srv/chat", ChatDataDirectory.Resolve(" /srv/chat "));
    }
}
