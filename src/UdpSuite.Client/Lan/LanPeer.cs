using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using UdpSuite.Client.Discovery;
using UdpSuite.Protocol.Lan;

namespace UdpSuite.Client.Lan;

/// <summary>
/// An IP Messenger peer (docs/PROTOCOL.md, "LAN chat (IP Messenger)"): talks to IP Messenger, FeiQ and iptux users
/// on the LAN without any server. At <see cref="Start"/> it binds its UDP port and sends BR_ENTRY to the broadcast
/// addresses and the configured hosts; it answers other entries with ANSENTRY (rate-limited per address), keeps the
/// peer table, acknowledges messages with RECVMSG (duplicates acknowledged again but shown once), retransmits its own
/// messages until their RECVMSG arrives, sends READMSG when the user read a message that asked for it, and BR_EXIT
/// at <see cref="DisposeAsync"/>. Every datagram that is not a valid packet is dropped and counted in
/// <see cref="Counters"/>; automatic answers larger than the packet they answer (ANSENTRY; RECVMSG to a very short message) are rate-limited per address.
/// </summary>
public sealed class LanPeer : IAsyncDisposable
{
    private const int MessageQueueCapacity = 1024;

    private readonly LanPeerOptions _options;
    private readonly TimeProvider _time;
    private readonly Encoding _legacy;
    private readonly Socket _socket;
    private readonly LanPeerTable _peers;
    private readonly LanDuplicateFilter _duplicates = new();
    private readonly LanAnswerRateLimiter _answers;
    private readonly LanAnswerRateLimiter _largerAnswers;
    private readonly ConcurrentDictionary<ulong, LanOutgoingMessage> _pending = new();
    private readonly Channel<LanIncomingMessage> _messages = Channel.CreateBounded<LanIncomingMessage>(
        new BoundedChannelOptions(MessageQueueCapacity) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly Lazy<HashSet<IPAddress>> _localAddresses = new(LocalAddresses);
    private long _packetNumber;
    private string? _absence;
    private bool _started;
    private int _disposed;

    /// <summary>Creates the peer; <see cref="LanPeerOptions.LegacyEncoding"/> must name a known code page (else <see cref="ArgumentException"/>).</summary>
    public LanPeer(LanPeerOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options with
        {
            UserName = LanPeerOptions.SafeHeader(options.UserName, "udpsuite"),
            HostName = LanPeerOptions.SafeHeader(options.HostName, "localhost"),
        };
        _time = time ?? TimeProvider.System;
        _legacy = IpMsgEncodings.Legacy(options.LegacyEncoding);
        _peers = new LanPeerTable(_time, options.PeerExpiry);
        _answers = new LanAnswerRateLimiter(_time, options.AnswersPerWindow, options.AnswerWindow);
        _largerAnswers = new LanAnswerRateLimiter(_time, options.AnswersPerWindow, options.AnswerWindow);
        // IP Messenger starts its packet numbers at the current time in seconds: numbers then grow across restarts too.
        _packetNumber = _time.GetUtcNow().ToUnixTimeSeconds();
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    }

    /// <summary>The bound endpoint (its port is the real one when <see cref="LanPeerOptions.Port"/> was 0).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_socket.LocalEndPoint!;

    public LanCounters Counters { get; } = new();

    /// <summary>Peers heard from within <see cref="LanPeerOptions.PeerExpiry"/>.</summary>
    public IReadOnlyList<LanPeerInfo> Peers => _peers.Snapshot();

    /// <summary>Raised (on the receive loop) when a peer enters, answers, changes absence or exits.</summary>
    public event EventHandler<LanPeerInfo>? PeerChanged;

    /// <summary>
    /// Binds the port and starts receiving, then announces. A port in use is a <see cref="SocketException"/> with
    /// <see cref="SocketError.AddressAlreadyInUse"/>.
    /// </summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_started)
        {
            return;
        }

        _socket.EnableBroadcast = _options.Broadcast;
        _socket.Bind(new IPEndPoint(_options.BindAddress, _options.Port));
        _started = true;
        _loops.Add(Task.Run(() => ReceiveLoopAsync(_stopping.Token)));
        if (_options.RefreshInterval > TimeSpan.Zero)
        {
            _loops.Add(Task.Run(() => RefreshLoopAsync(_stopping.Token)));
        }

        _ = AnnounceAsync(IpMsgCommand.BrEntry);
    }

    /// <summary>Where entries go: the broadcast address of each IPv4 interface that is up (when on) and the configured hosts.</summary>
    public IReadOnlyList<IPEndPoint> AnnounceTargets()
    {
        var targets = new List<IPEndPoint>();
        if (_options.Broadcast)
        {
            targets.AddRange(ServerFinder.BroadcastTargets(_options.Port == 0 ? IpMsgWire.DefaultPort : _options.Port));
        }

        targets.AddRange(_options.Hosts.Where(h => !targets.Contains(h)));
        return targets;
    }

    /// <summary>Sends BR_ENTRY again (everyone answers with ANSENTRY): refreshes the peer list.</summary>
    public Task RefreshAsync() => AnnounceAsync(IpMsgCommand.BrEntry);

    /// <summary>Sends BR_ENTRY to one more endpoint (a host named on the command line), which answers with ANSENTRY.</summary>
    public Task AnnounceToAsync(IPEndPoint endpoint) => SendPacketAsync(EntryPacket(IpMsgCommand.BrEntry), endpoint);

    /// <summary>
    /// Away with <paramref name="status"/> as the absence text (shown as "nickname[status]", as IP Messenger does), or
    /// back with null; tells everyone with BR_ABSENCE.
    /// </summary>
    public Task SetAbsenceAsync(string? status)
    {
        _absence = string.IsNullOrWhiteSpace(status) ? null : status.Trim();
        return AnnounceAsync(IpMsgCommand.BrAbsence);
    }

    /// <summary>The known peer whose nickname, user, host or address is <paramref name="name"/>; null when none or more than one match.</summary>
    public LanPeerInfo? FindPeer(string name)
    {
        LanPeerInfo[] matches = [.. Peers.Where(p => p.Matches(name))];
        return matches.Length == 1 ? matches[0] : null;
    }

    /// <summary>
    /// Sends <paramref name="text"/> to <paramref name="to"/> with SENDCHECKOPT (and SECRETOPT|READCHECKOPT with
    /// <paramref name="readCheck"/>), in UTF-8 when the peer announced it, else in the legacy code page, and
    /// retransmits it with back-off until the RECVMSG arrives or the attempts run out.
    /// </summary>
    public LanOutgoingMessage Send(IPEndPoint to, string text, bool readCheck = false)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        bool utf8 = _peers.Find(to)?.Utf8 ?? false;
        uint command = IpMsgCommand.SendMsg | IpMsgCommand.SendCheckOpt
            | (readCheck ? IpMsgCommand.SecretOpt | IpMsgCommand.ReadCheckOpt : 0)
            | (utf8 ? IpMsgCommand.Utf8Opt : 0);
        ulong number = NextPacketNumber();
        var message = new LanOutgoingMessage(to, number, text, readCheck);
        IpMsgPacket packet = Packet(number, command, text, []);
        byte[]? first = IpMsgCodec.Encode(packet, _legacy);
        byte[]? retry = IpMsgCodec.Encode(packet with { Command = command | IpMsgCommand.RetryOpt }, _legacy);
        if (first is null || retry is null)
        {
            message.MarkFailed($"the message is longer than an IP Messenger packet ({IpMsgWire.MaxPacket} bytes)");
            return message;
        }

        _pending[number] = message;
        _ = RetransmitAsync(message, first, retry);
        return message;
    }

    /// <summary>Messages as they arrive, each once.</summary>
    public IAsyncEnumerable<LanIncomingMessage> ReadMessagesAsync(CancellationToken cancellationToken = default) =>
        _messages.Reader.ReadAllAsync(cancellationToken);

    /// <summary>The user has read <paramref name="message"/>: sends READMSG when its sender asked for one.</summary>
    public Task MarkReadAsync(LanIncomingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.WantsReadReceipt)
        {
            return Task.CompletedTask;
        }

        uint command = IpMsgCommand.ReadMsg | (message.From.Utf8 ? IpMsgCommand.Utf8Opt : 0);
        IpMsgPacket packet = Packet(NextPacketNumber(), command, message.PacketNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), []);
        return SendPacketAsync(packet, message.Endpoint);
    }

    /// <summary>Sends BR_EXIT to everyone, stops receiving and closes the port; pending messages fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_started)
        {
            await AnnounceAsync(IpMsgCommand.BrExit).ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await Task.WhenAll(_loops).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation.
        }

        foreach (LanOutgoingMessage pending in _pending.Values)
        {
            pending.MarkFailed("the LAN peer stopped");
        }

        _messages.Writer.TryComplete();
        _stopping.Dispose();
    }

    private ulong NextPacketNumber() => (ulong)Interlocked.Increment(ref _packetNumber);

    private IpMsgPacket Packet(ulong number, uint command, string text, IReadOnlyList<string> parts) =>
        new(IpMsgWire.Version, number, _options.UserName, _options.HostName, command, text, parts);

    /// <summary>An entry in UTF-8 with CAPUTF8OPT and iptux's extras (group, icon, "utf-8"), so every client reads our name right.</summary>
    private IpMsgPacket EntryPacket(uint mode)
    {
        string? absence = _absence;
        string nickname = absence is null ? _options.ShownName : $"{_options.ShownName}[{absence}]";
        uint command = mode | IpMsgCommand.Utf8Opt | IpMsgCommand.CapUtf8Opt | (absence is null || mode == IpMsgCommand.BrExit ? 0 : IpMsgCommand.AbsenceOpt);
        return Packet(NextPacketNumber(), command, nickname, [_options.Group, "icon-udpsuite.png", "utf-8"]);
    }

    private async Task AnnounceAsync(uint mode)
    {
        IpMsgPacket packet = EntryPacket(mode);
        foreach (IPEndPoint target in AnnounceTargets())
        {
            await SendPacketAsync(packet, target).ConfigureAwait(false);
        }
    }

    private async Task SendPacketAsync(IpMsgPacket packet, IPEndPoint to)
    {
        byte[]? bytes = IpMsgCodec.Encode(packet, _legacy);
        if (bytes is not null)
        {
            await SendBytesAsync(bytes, to).ConfigureAwait(false);
        }
    }

    private async Task SendBytesAsync(byte[] bytes, IPEndPoint to)
    {
        try
        {
            await _socket.SendToAsync(bytes, SocketFlags.None, to).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Counters.CountSendError(); // an unreachable broadcast address, a closed socket at exit
        }
    }

    private async Task RetransmitAsync(LanOutgoingMessage message, byte[] first, byte[] retry)
    {
        TimeSpan wait = _options.RetryInterval;
        try
        {
            for (int attempt = 0; attempt < Math.Max(1, _options.Attempts); attempt++)
            {
                if (attempt > 0)
                {
                    message.Retries = attempt;
                }

                await SendBytesAsync(attempt == 0 ? first : retry, message.To).ConfigureAwait(false);
                Task delay = Task.Delay(wait, _time, _stopping.Token);
                if (await Task.WhenAny(message.Delivery, delay).ConfigureAwait(false) == message.Delivery)
                {
                    return;
                }

                await delay.ConfigureAwait(false); // observes cancellation at exit
                wait *= 2;
            }

            message.MarkFailed($"not delivered: no RECVMSG from {message.To} after {Math.Max(1, _options.Attempts)} attempts");
        }
        catch (OperationCanceledException)
        {
            message.MarkFailed("the LAN peer stopped");
        }
        finally
        {
            if (message.Delivery.IsCompleted && (!message.ReadCheck || message.State == LanDeliveryState.Failed))
            {
                _pending.TryRemove(message.PacketNumber, out _);
            }
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RefreshInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await AnnounceAsync(IpMsgCommand.BrEntry).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        // Larger than any packet we accept, so an oversized datagram is seen (and counted) as oversized, not truncated.
        byte[] buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP error for an earlier send: nothing to do with the next datagram
            }

            Counters.CountReceived();
            await HandleAsync(buffer.AsMemory(0, received.ReceivedBytes), (IPEndPoint)received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> datagram, IPEndPoint from, CancellationToken cancellationToken)
    {
        bool utf8Peer = _peers.Find(from)?.Utf8 ?? false;
        IpMsgDecodeResult result = IpMsgCodec.Decode(datagram.Span, _legacy, utf8Peer);
        if (result.Packet is not { } packet)
        {
            Counters.CountMalformed(result.Error);
            return;
        }

        if (packet.ReplacedCharacters > 0)
        {
            Counters.CountReplacedText();
        }

        if (IsOwn(packet, from))
        {
            return; // our own broadcast coming back
        }

        switch (packet.Mode)
        {
            case IpMsgCommand.BrEntry:
                UpdatePeer(packet, from);
                await AnswerEntryAsync(from).ConfigureAwait(false);
                break;
            case IpMsgCommand.AnsEntry:
            case IpMsgCommand.BrAbsence:
                UpdatePeer(packet, from);
                break;
            case IpMsgCommand.BrExit:
                if (_peers.Find(from) is { } leaving && _peers.Remove(from))
                {
                    PeerChanged?.Invoke(this, leaving);
                }

                break;
            case IpMsgCommand.SendMsg:
                await ReceiveMessageAsync(packet, datagram.Length, from, cancellationToken).ConfigureAwait(false);
                break;
            case IpMsgCommand.RecvMsg:
                if (packet.TryReadAcknowledged(out ulong delivered) && _pending.TryGetValue(delivered, out LanOutgoingMessage? message) && message.To.Equals(from))
                {
                    message.MarkDelivered();
                    if (!message.ReadCheck)
                    {
                        _pending.TryRemove(delivered, out _);
                    }
                }

                break;
            case IpMsgCommand.ReadMsg:
                if (packet.TryReadAcknowledged(out ulong read) && _pending.TryGetValue(read, out LanOutgoingMessage? opened) && opened.To.Equals(from))
                {
                    opened.MarkRead();
                    _pending.TryRemove(read, out _);
                }

                break;
            default:
                Counters.CountUnsupported();
                break;
        }
    }

    /// <summary>
    /// Our user and host from our own port on one of this host's addresses: a broadcast that came back to us. (Another
    /// host, or another network namespace, may well use the same user, host name and port.)
    /// </summary>
    private bool IsOwn(IpMsgPacket packet, IPEndPoint from) =>
        from.Port == LocalEndpoint.Port && packet.User == _options.UserName && packet.Host == _options.HostName
        && (IPAddress.IsLoopback(from.Address) || _localAddresses.Value.Contains(from.Address));

    private static HashSet<IPAddress> LocalAddresses()
    {
        try
        {
            return [.. System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
                .Select(unicast => unicast.Address)];
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            return []; // no interface list: only loopback counts as ours
        }
    }

    private void UpdatePeer(IpMsgPacket packet, IPEndPoint from)
    {
        bool utf8 = packet.AnnouncesUtf8 || (_peers.Find(from)?.Utf8 ?? false);
        var peer = new LanPeerInfo(from, packet.User, packet.Host, packet.Text, packet.Group, utf8, packet.Has(IpMsgCommand.AbsenceOpt), _time.GetUtcNow());
        _peers.Upsert(peer);
        PeerChanged?.Invoke(this, peer);
    }

    private async Task AnswerEntryAsync(IPEndPoint to)
    {
        if (!_answers.Allow(to.Address))
        {
            Counters.CountRateLimited();
            return;
        }

        await SendPacketAsync(EntryPacket(IpMsgCommand.AnsEntry), to).ConfigureAwait(false);
    }

    private async Task ReceiveMessageAsync(IpMsgPacket packet, int length, IPEndPoint from, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        LanPeerInfo peer = _peers.Touch(from, () => new LanPeerInfo(from, packet.User, packet.Host, packet.User, string.Empty, packet.Has(IpMsgCommand.Utf8Opt), false, now));
        bool wantsAnswer = packet.Has(IpMsgCommand.SendCheckOpt) && !packet.Has(IpMsgCommand.BroadcastOpt) && !packet.Has(IpMsgCommand.AutoRetOpt);
        if (!_duplicates.Seen(from, packet.PacketNumber))
        {
            var message = new LanIncomingMessage(peer, packet.PacketNumber, packet.Text, now,
                packet.Has(IpMsgCommand.SecretOpt), packet.Has(IpMsgCommand.SecretOpt) || packet.Has(IpMsgCommand.ReadCheckOpt), packet.Has(IpMsgCommand.FileAttachOpt));
            if (!_messages.Writer.TryWrite(message))
            {
                Counters.CountQueueFull();
                return; // not acknowledged: the sender retries, by which time the reader may have caught up
            }

            _duplicates.Remember(from, packet.PacketNumber);
        }
        else
        {
            Counters.CountDuplicate(); // its RECVMSG was probably lost: acknowledge again below
        }

        if (wantsAnswer)
        {
            // The shortest valid version ("1") keeps the acknowledgement smaller than most messages it answers.
            uint command = IpMsgCommand.RecvMsg | (peer.Utf8 ? IpMsgCommand.Utf8Opt : 0);
            IpMsgPacket answer = Packet(NextPacketNumber(), command, packet.PacketNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), []) with { Version = "1" };
            byte[]? bytes = IpMsgCodec.Encode(answer, _legacy);
            if (bytes is null || (bytes.Length > length && !_largerAnswers.Allow(from.Address)))
            {
                // A very short message gets a slightly larger RECVMSG (the protocol needs it), but only a few per address
                // and window: a forged flood of tiny messages cannot use us as an amplifier.
                Counters.CountAnswerTooLarge();
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            await SendBytesAsync(bytes, from).ConfigureAwait(false);
        }
    }
}
