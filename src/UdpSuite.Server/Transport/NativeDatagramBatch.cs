using System.Net;
using System.Runtime.InteropServices;
using UdpSuite.Protocol.Amplification;
using static UdpSuite.Server.Transport.LinuxSocketInterop;

namespace UdpSuite.Server.Transport;

/// <summary>
/// The native memory one <see cref="LinuxBatchedReceiveLoop"/> works in, allocated once: <see cref="Capacity"/>
/// receive slots (each larger than any UDP payload) with their sender addresses and recvmmsg headers, and the
/// sendmmsg headers with an arena the replies are written into. Nothing is allocated per datagram. Used by one thread.
/// </summary>
internal sealed unsafe class NativeDatagramBatch : IDisposable
{
    /// <summary>Datagrams per recvmmsg (and at most per sendmmsg).</summary>
    public const int Capacity = 32;

    private const int SlotSize = DatagramDispatcher.ReceiveBufferSize;
    private const int NameCapacity = 128; // sizeof(sockaddr_storage)
    private const int ReplyAlignment = 64;
    private const int ReplySpanSize = DatagramDispatcher.ReplyBufferSize;

    /// <summary>Room for two full-size replies and many small ones; when less than one full-size reply is left, the replies are flushed.</summary>
    private const int ArenaSize = (2 * AmplificationLimit.MaxUdpPayload) + (Capacity * ReplyAlignment);

    private byte* _memory;
    private readonly byte* _names;
    private readonly MMsgHdr* _receive;
    private readonly MMsgHdr* _send;
    private readonly IoVec* _receiveVectors;
    private readonly IoVec* _sendVectors;
    private readonly byte* _arena;
    private int _arenaUsed;

    public NativeDatagramBatch()
    {
        nuint total = (nuint)(Capacity * (SlotSize + NameCapacity + (2 * sizeof(MMsgHdr)) + (2 * sizeof(IoVec)))) + ArenaSize;
        _memory = (byte*)NativeMemory.AlignedAlloc(total, ReplyAlignment);
        byte* slots = _memory;
        _names = slots + (Capacity * SlotSize);
        _receive = (MMsgHdr*)(_names + (Capacity * NameCapacity));
        _send = _receive + Capacity;
        _receiveVectors = (IoVec*)(_send + Capacity);
        _sendVectors = _receiveVectors + Capacity;
        _arena = (byte*)(_sendVectors + Capacity);
        for (int i = 0; i < Capacity; i++)
        {
            _receiveVectors[i] = new IoVec { Base = slots + (i * SlotSize), Length = SlotSize };
            _receive[i] = default;
            _receive[i].Header.Name = _names + (i * NameCapacity);
            _receive[i].Header.Iov = _receiveVectors + i;
            _receive[i].Header.IovLength = 1;
            _send[i] = default;
            _send[i].Header.Iov = _sendVectors + i;
            _send[i].Header.IovLength = 1;
        }
    }

    /// <summary>The recvmmsg headers, <see cref="Capacity"/> of them, ready after <see cref="PrepareReceive"/>.</summary>
    public MMsgHdr* ReceiveHeaders => _receive;

    /// <summary>The sendmmsg headers of the queued replies, <see cref="PendingReplies"/> of them.</summary>
    public MMsgHdr* SendHeaders => _send;

    /// <summary>Replies queued since the last <see cref="ClearReplies"/>.</summary>
    public int PendingReplies { get; private set; }

    /// <summary>Where the next reply is to be written (<see cref="DatagramDispatcher.ReplyBufferSize"/> bytes).</summary>
    public Span<byte> NextReply => new(_arena + _arenaUsed, ReplySpanSize);

    /// <summary>Resets the lengths recvmmsg writes back, so every slot can take a datagram again.</summary>
    public void PrepareReceive()
    {
        for (int i = 0; i < Capacity; i++)
        {
            _receive[i].Header.NameLength = NameCapacity;
            _receive[i].Header.Flags = 0;
            _receive[i].Length = 0;
        }
    }

    /// <summary>The payload of received datagram <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Request(int index) => new(_receive[index].Header.Iov->Base, (int)_receive[index].Length);

    /// <summary>Copies the sender of received datagram <paramref name="index"/> into <paramref name="remote"/>.</summary>
    public void CopySender(int index, SocketAddress remote)
    {
        int length = (int)Math.Min(_receive[index].Header.NameLength, (uint)remote.Buffer.Length);
        new ReadOnlySpan<byte>(_receive[index].Header.Name, length).CopyTo(remote.Buffer.Span);
        remote.Size = length;
    }

    /// <summary>
    /// Queues the <paramref name="length"/> bytes just written at <see cref="NextReply"/> for the sender of received
    /// datagram <paramref name="index"/>. False when the arena has no room left for another full-size reply: the
    /// caller sends the queued replies and calls <see cref="ClearReplies"/> before dispatching more.
    /// </summary>
    public bool QueueReply(int index, int length)
    {
        _send[PendingReplies].Header.Name = _receive[index].Header.Name;
        _send[PendingReplies].Header.NameLength = _receive[index].Header.NameLength;
        _sendVectors[PendingReplies] = new IoVec { Base = _arena + _arenaUsed, Length = (nuint)length };
        PendingReplies++;
        _arenaUsed += (length + ReplyAlignment - 1) & ~(ReplyAlignment - 1);
        return ArenaSize - _arenaUsed >= ReplySpanSize;
    }

    /// <summary>Forgets the queued replies (after they were sent) and frees the arena.</summary>
    public void ClearReplies()
    {
        PendingReplies = 0;
        _arenaUsed = 0;
    }

    public void Dispose()
    {
        if (_memory != null)
        {
            NativeMemory.AlignedFree(_memory);
            _memory = null;
        }
    }
}
