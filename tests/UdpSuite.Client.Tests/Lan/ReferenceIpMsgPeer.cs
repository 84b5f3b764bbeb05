using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace UdpSuite.Client.Tests.Lan;

/// <summary>
/// A minimal IP Messenger peer written from the protocol description (IP Messenger's protocol.txt: packets
/// "ver:packetNo:user:host:command:extra", decimal numbers, SENDMSG 0x20 with SENDCHECKOPT 0x100 answered by RECVMSG
/// 0x21 carrying the packet number, READMSG 0x30, entries 0x01/0x02/0x03, UTF8OPT 0x800000, CAPUTF8OPT 0x1000000), on
/// 127.0.0.1 with an ephemeral port. Deliberately shares no code with UdpSuite's codec. It answers BR_ENTRY with
/// ANSENTRY and SENDMSG+SENDCHECKOPT with RECVMSG (unless told to lose some), and records every packet it receives.
/// </summary>
public sealed class ReferenceIpMsgPeer : IAsyncDisposable
{
    public const uint BrEntry = 0x01, BrExit = 0x02, AnsEntry = 0x03, BrAbsence = 0x04, SendMsg = 0x20, RecvMsg = 0x21, ReadMsg = 0x30;
    public const uint SendCheck = 0x100, Secret = 0x200, RetryFlag = 0x4000, ReadCheck = 0x100000, Utf8 = 0x800000, CapUtf8 = 0x1000000;

    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly Channel<ReferencePacket> _received = Channel.CreateUnbounded<ReferencePacket>();
    private readonly List<ReferencePacket> _all = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ulong _next = 500;
    private int _recvToLose;

    public ReferenceIpMsgPeer(string user = "refuser", string host = "refhost", bool utf8 = true)
    {
        User = user;
        Host = host;
        SpeaksUtf8 = utf8;
        _loop = Task.Run(LoopAsync);
    }

    public static Encoding Gb18030 { get; } = CreateGb18030();

    public string User { get; }

    public string Host { get; }

    /// <summary>Whether this peer announces and uses UTF-8 (iptux, IP Messenger 3); otherwise GB18030 only (FeiQ).</summary>
    public bool SpeaksUtf8 { get; }

    public IPEndPoint Endpoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>Whether SENDMSG+SENDCHECKOPT gets its RECVMSG (false: every RECVMSG is "lost").</summary>
    public bool Acknowledge { get; set; } = true;

    /// <summary>Whether a SECRETOPT message is "opened" at once: READMSG right after its RECVMSG.</summary>
    public bool ReadImmediately { get; set; }

    /// <summary>Loses the RECVMSG of the next <paramref name="count"/> messages.</summary>
    public void LoseAcknowledgements(int count) => Interlocked.Exchange(ref _recvToLose, count);

    public IReadOnlyList<ReferencePacket> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    public ulong NextNumber() => Interlocked.Increment(ref _next);

    /// <summary>Writes "1:no:user:host:command:extra" in UTF-8 when command has UTF8OPT, else GB18030, and sends it.</summary>
    public async Task<ulong> SendAsync(IPEndPoint to, uint command, string extra, ulong? number = null)
    {
        ulong no = number ?? NextNumber();
        string text = string.Create(CultureInfo.InvariantCulture, $"1:{no}:{User}:{Host}:{command}:{extra}");
        Encoding encoding = (command & Utf8) != 0 ? Encoding.UTF8 : Gb18030;
        await SendRawAsync(to, encoding.GetBytes(text));
        return no;
    }

    public Task SendRawAsync(IPEndPoint to, byte[] bytes) => _socket.SendAsync(bytes, bytes.Length, to);

    /// <summary>BR_ENTRY or ANSENTRY the way this kind of client writes it (iptux extras when it speaks UTF-8).</summary>
    public Task<ulong> EnterAsync(IPEndPoint to, uint mode = BrEntry, string nickname = "参考", string group = "测试组") => SpeaksUtf8
        ? SendAsync(to, mode | Utf8 | CapUtf8, $"{nickname}\0{group}\0icon-tux.png\0utf-8\0")
        : SendAsync(to, mode, $"{nickname}\0{group}\0");

    /// <summary>The next received packet matching <paramref name="match"/> (others stay recorded in <see cref="All"/>).</summary>
    public async Task<ReferencePacket> WaitForAsync(Func<ReferencePacket, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            ReferencePacket packet;
            try
            {
                packet = await _received.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching packet; received: {string.Join(" | ", All.Select(p => p.ToString()))}");
            }

            if (match(packet))
            {
                return packet;
            }
        }
    }

    public Task<ReferencePacket> WaitForModeAsync(uint mode, TimeSpan? timeout = null) => WaitForAsync(p => p.Mode == mode, timeout);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (ReferencePacket.TryParse(result.Buffer, result.RemoteEndPoint) is not { } packet)
            {
                continue;
            }

            lock (_all)
            {
                _all.Add(packet);
            }

            await _received.Writer.WriteAsync(packet);
            if (packet.Mode == BrEntry)
            {
                await EnterAsync(packet.From, AnsEntry);
            }
            else if (packet.Mode == SendMsg && (packet.Command & SendCheck) != 0 && Acknowledge)
            {
                if (Interlocked.Decrement(ref _recvToLose) >= 0)
                {
                    continue;
                }

                await SendAsync(packet.From, RecvMsg | (SpeaksUtf8 ? Utf8 : 0), packet.Number.ToString(CultureInfo.InvariantCulture));
                if (ReadImmediately && (packet.Command & Secret) != 0)
                {
                    await SendAsync(packet.From, ReadMsg | (SpeaksUtf8 ? Utf8 : 0), packet.Number.ToString(CultureInfo.InvariantCulture));
                }
            }
        }
    }

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>One packet as the reference peer read it: the fields split at the first five colons, the extra at NULs.</summary>
public sealed record ReferencePacket(IPEndPoint From, string Version, ulong Number, string User, string Host, uint Command, string[] Extra, byte[] Raw)
{
    public uint Mode => Command & 0xFF;

    public string Text => Extra.Length > 0 ? Extra[0] : "";

    public static ReferencePacket? TryParse(byte[] bytes, IPEndPoint from)
    {
        // Header fields are ASCII here; the command decides how the extra is read.
        string ascii = Encoding.Latin1.GetString(bytes);
        string[] fields = ascii.Split(':', 6);
        if (fields.Length < 6 || !ulong.TryParse(fields[1], out ulong number) || !uint.TryParse(fields[4], out uint command))
        {
            return null;
        }

        int extraStart = fields[0].Length + fields[1].Length + fields[2].Length + fields[3].Length + fields[4].Length + 5;
        Encoding encoding = (command & ReferenceIpMsgPeer.Utf8) != 0 ? Encoding.UTF8 : ReferenceIpMsgPeer.Gb18030;
        string extra = encoding.GetString(bytes, extraStart, bytes.Length - extraStart);
        return new ReferencePacket(from, fields[0], number, fields[2], fields[3], command, extra.Split('\0'), bytes);
    }

    public override string ToString() => $"{Version}:{Number}:{User}:{Host}:0x{Command:X}:{string.Join("\\0", Extra)}";
}
