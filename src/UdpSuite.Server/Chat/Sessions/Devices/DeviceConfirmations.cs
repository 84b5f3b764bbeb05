namespace UdpSuite.Server.Chat.Sessions.Devices;

/// <summary>
/// What one device of a user has confirmed of the user's log, in memory above its stored cursor: sessions confirm
/// entries out of order (16 deliveries in flight), the stored cursor moves only over a gap-free run, so the entries
/// confirmed above a gap are kept here until the gap closes. Shared by the device's sessions (two <c>listen</c>s of
/// one machine), so an entry one of them confirmed is not sent to the other. Not thread-safe.
/// </summary>
public sealed class DeviceConfirmations
{
    /// <summary>Most confirmations kept above the cursor; a client has at most a window of deliveries in flight, so more means a broken client.</summary>
    public const int MaxAboveCursor = 4096;

    private readonly SortedSet<ulong> _above = [];

    /// <param name="cursor">The device's stored cursor: everything up to it is confirmed.</param>
    public DeviceConfirmations(ulong cursor) => Cursor = cursor;

    /// <summary>Every log entry up to here is confirmed by the device.</summary>
    public ulong Cursor { get; private set; }

    /// <summary>Confirmations kept above <see cref="Cursor"/>.</summary>
    public int PendingCount => _above.Count;

    /// <summary>Whether entry <paramref name="sequence"/> is confirmed (at or below the cursor, or above it and confirmed).</summary>
    public bool Has(ulong sequence) => sequence <= Cursor || _above.Contains(sequence);

    /// <summary>
    /// Records the confirmation of <paramref name="sequence"/> (also for entries the device must never get, such as the
    /// copies of what it sent itself); true when the cursor moved (store the new
    /// <see cref="Cursor"/>). A repeated or old confirmation changes nothing; one more than
    /// <see cref="MaxAboveCursor"/> above a gap is ignored (the entry comes again at the next login).
    /// </summary>
    public bool Confirm(ulong sequence)
    {
        if (sequence <= Cursor)
        {
            return false;
        }

        if (sequence != Cursor + 1)
        {
            if (_above.Count < MaxAboveCursor)
            {
                _above.Add(sequence);
            }

            return false;
        }

        Cursor = sequence;
        while (_above.Count > 0 && _above.Min == Cursor + 1)
        {
            Cursor = _above.Min;
            _above.Remove(Cursor);
        }

        return true;
    }
}
