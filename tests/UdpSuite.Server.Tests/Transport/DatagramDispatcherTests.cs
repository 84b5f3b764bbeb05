using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Testing;
using UdpSuite.Protocol.Amplification;
using UdpSuite.Server.Dispatch;
using UdpSuite.Server.Tests.Handlers;
using UdpSuite.Server.Transport;

namespace UdpSuite.Server.Tests.Transport;

/// <summary>The dispatcher's guarantees without a socket: what leaves, what is counted, where batches begin and end.</summary>
public sealed class DatagramDispatcherTests : IDisposable
{
    private readonly string _name = $"dispatcher-test-{Guid.NewGuid():N}";
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 11, 24, 12, 0));
    private readonly ServerMetrics _metrics = new();
    private readonly CountingLogger _log = new();
    private readonly MetricsRecorder _recorded;
    private readonly SocketAddress _remote = TestAddresses.Of("127.0.0.1", 40123);
    private readonly byte[] _reply = new byte[DatagramDispatcher.ReplyBufferSize];

    public DatagramDispatcherTests() => _recorded = new MetricsRecorder(_name);

    public void Dispose()
    {
        _recorded.Dispose();
        _metrics.Dispose();
    }

    /// <summary>Every error is logged (no throttling interval), so the tests can see which ones are not.</summary>
    private DatagramDispatcher Over(IDatagramHandler handler) => new(handler, _clock, _metrics, new ThrottledErrorLog(_log, TimeSpan.Zero));

    private bool Dispatch(DatagramDispatcher dispatcher, int requestLength, out int replyLength) =>
        dispatcher.TryDispatch(new byte[requestLength], _reply, _remote, out replyLength);

    [Fact]
    public void A_reply_within_three_times_the_request_is_sent_and_one_byte_more_is_dropped_as_amplification()
    {
        const int Request = 10;
        int limit = AmplificationLimit.MaxReplyLength(Request);
        var handler = new FixedResultHandler(_name);
        DatagramDispatcher dispatcher = Over(handler);

        handler.Result = HandlerResult.Reply(limit);
        Assert.True(Dispatch(dispatcher, Request, out int replyLength));
        Assert.Equal(limit, replyLength);

        handler.Result = HandlerResult.Reply(limit + 1);
        Assert.False(Dispatch(dispatcher, Request, out _));
        Assert.Equal(1, _recorded.DroppedFor(TransportDropReasons.Amplification));
    }

    [Fact]
    public void A_reply_length_outside_the_reply_span_is_dropped_whatever_the_request()
    {
        var handler = new FixedResultHandler(_name);
        DatagramDispatcher dispatcher = Over(handler);
        byte[] largeRequest = new byte[20_000]; // allows a reply far longer than the span below

        handler.Result = HandlerResult.Reply(101);
        Assert.False(dispatcher.TryDispatch(largeRequest, new byte[100], _remote, out _));
        handler.Result = HandlerResult.Reply(-2);
        Assert.False(dispatcher.TryDispatch(largeRequest, new byte[100], _remote, out _));

        Assert.Equal(2, _recorded.DroppedFor(TransportDropReasons.BadReplyLength));
    }

    [Fact]
    public void A_handler_exception_is_counted_and_logged_and_the_next_datagram_is_answered()
    {
        var handler = new FixedResultHandler(_name) { Throws = true };
        DatagramDispatcher dispatcher = Over(handler);

        Assert.False(Dispatch(dispatcher, 48, out _));
        handler.Throws = false;
        handler.Result = HandlerResult.Reply(48);
        Assert.True(Dispatch(dispatcher, 48, out _));

        Assert.Equal(1, _recorded.DroppedFor(TransportDropReasons.HandlerError));
        Assert.Equal(1, _log.Errors);
    }

    [Fact]
    public void A_handler_drop_is_counted_with_its_reason_and_no_reply_is_not_a_drop()
    {
        var handler = new FixedResultHandler(_name) { Result = HandlerResult.Drop("test-reason") };
        DatagramDispatcher dispatcher = Over(handler);

        Assert.False(Dispatch(dispatcher, 48, out _));
        handler.Result = HandlerResult.NoReply;
        Assert.False(Dispatch(dispatcher, 48, out _));

        Assert.Equal(1, _recorded.DroppedFor("test-reason"));
        Assert.Equal(1, _recorded.Total(MetricsRecorder.Dropped));
    }

    [Fact]
    public void Every_dispatched_datagram_is_counted_received_and_sent_replies_by_their_number()
    {
        var handler = new FixedResultHandler(_name) { Result = HandlerResult.Reply(1) };
        DatagramDispatcher dispatcher = Over(handler);

        for (int i = 0; i < 5; i++)
        {
            Dispatch(dispatcher, 48, out _);
        }

        dispatcher.Sent(3);
        dispatcher.Sent(1);

        Assert.Equal(5, _recorded.Total(MetricsRecorder.Received));
        Assert.Equal(4, _recorded.Total(MetricsRecorder.Sent));
        Assert.Equal(0, _recorded.Total(MetricsRecorder.Dropped));
    }

    [Fact]
    public void The_handler_sees_the_sender_and_the_clock_reading_at_dispatch()
    {
        var handler = new FixedResultHandler(_name) { Result = HandlerResult.NoReply };
        DatagramDispatcher dispatcher = Over(handler);
        _clock.Advance(Duration.FromSeconds(7));

        Dispatch(dispatcher, 48, out _);

        Assert.Equal(_clock.GetCurrentInstant(), handler.LastContext.ReceivedAt);
        Assert.Same(_remote, handler.LastContext.Remote);
    }

    [Fact]
    public void Icmp_reports_are_counted_without_a_log_line_or_a_back_off_and_other_socket_errors_with_both()
    {
        DatagramDispatcher dispatcher = Over(new FixedResultHandler(_name));
        var icmp = new SocketException((int)SocketError.ConnectionRefused);

        Assert.False(dispatcher.ReceiveFailed(SocketError.ConnectionRefused, icmp));
        Assert.False(dispatcher.ReceiveFailed(SocketError.ConnectionReset, icmp));
        dispatcher.SendFailed(SocketError.ConnectionRefused, icmp);
        Assert.Equal(0, _log.Errors);

        Assert.True(dispatcher.ReceiveFailed(SocketError.SocketError, new Win32Exception(5)));
        dispatcher.SendFailed(SocketError.MessageSize, new SocketException((int)SocketError.MessageSize));
        Assert.Equal(2, _log.Errors);

        Assert.Equal(3, _recorded.DroppedFor(TransportDropReasons.ReceiveError));
        Assert.Equal(2, _recorded.DroppedFor(TransportDropReasons.SendError));
    }

    [Fact]
    public void A_handler_that_is_not_batch_aware_never_sees_a_batch()
    {
        DatagramDispatcher dispatcher = Over(new FixedResultHandler(_name));

        dispatcher.BeginBatch();
        Assert.False(dispatcher.InBatch);
        dispatcher.EndBatch();
        Assert.False(dispatcher.InBatch);
    }

    [Fact]
    public void A_batch_opens_once_holds_every_datagram_dispatched_in_it_and_closes_once()
    {
        var handler = new BatchRecordingHandler(_name);
        DatagramDispatcher dispatcher = Over(handler);

        Dispatch(dispatcher, 48, out _); // outside any batch: still handled
        dispatcher.BeginBatch();
        dispatcher.BeginBatch(); // already open: no second OnBatchStart
        for (int i = 0; i < 3; i++)
        {
            Dispatch(dispatcher, 48, out _);
        }

        Assert.True(dispatcher.InBatch);
        Assert.Equal(3, dispatcher.BatchLength);
        dispatcher.EndBatch();
        dispatcher.EndBatch(); // nothing open: no second OnBatchEnd

        Assert.False(dispatcher.InBatch);
        Assert.Equal(["handle", "start", "handle", "handle", "handle", "end"], handler.Calls);

        dispatcher.BeginBatch();
        Assert.Equal(0, dispatcher.BatchLength);
        dispatcher.EndBatch();
        Assert.Equal(2, handler.Calls.Count(c => c == "start"));
        Assert.Equal(2, handler.Calls.Count(c => c == "end"));
    }

    [Fact]
    public void A_batch_hook_that_throws_is_counted_and_the_batch_still_closes()
    {
        var handler = new BatchRecordingHandler(_name) { HooksThrow = true };
        DatagramDispatcher dispatcher = Over(handler);

        dispatcher.BeginBatch();
        Assert.True(dispatcher.InBatch);
        Dispatch(dispatcher, 48, out _);
        dispatcher.EndBatch();

        Assert.False(dispatcher.InBatch);
        Assert.Equal(["start", "handle", "end"], handler.Calls);
        Assert.Equal(2, _recorded.DroppedFor(TransportDropReasons.HandlerError));
        Assert.Equal(2, _log.Errors);
    }

    private sealed class FixedResultHandler(string name) : IDatagramHandler
    {
        public string Name => name;

        public HandlerResult Result { get; set; } = HandlerResult.NoReply;

        public bool Throws { get; set; }

        public DatagramContext LastContext { get; private set; }

        public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
        {
            LastContext = context;
            return Throws ? throw new InvalidOperationException("handler bug") : Result;
        }
    }

    private sealed class BatchRecordingHandler(string name) : IBatchAwareHandler
    {
        public string Name => name;

        public bool HooksThrow { get; init; }

        public List<string> Calls { get; } = [];

        public void OnBatchStart()
        {
            Calls.Add("start");
            if (HooksThrow)
            {
                throw new InvalidOperationException("start failed");
            }
        }

        public void OnBatchEnd()
        {
            Calls.Add("end");
            if (HooksThrow)
            {
                throw new InvalidOperationException("end failed");
            }
        }

        public HandlerResult Handle(ReadOnlySpan<byte> request, Span<byte> reply, in DatagramContext context)
        {
            Calls.Add("handle");
            return HandlerResult.NoReply;
        }
    }

    private sealed class CountingLogger : ILogger
    {
        private int _errors;

        public int Errors => Volatile.Read(ref _errors);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}
