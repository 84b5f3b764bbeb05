namespace UdpSuite.Client.Chat;

/// <summary>
/// Messages complete at this client that the application has not confirmed yet (waiting for a predecessor, queued for
/// the application, or taken but not stored). For each it keeps the fragment whose ACK is withheld: until the application confirms, the server keeps the message and sends
/// it again at the next login. Bounded by <c>capacity</c>: when full, the client completes no further message, so the
/// server holds the rest. Pure bookkeeping; not thread-safe (the client serialises calls).
/// </summary>
internal sealed class UnconfirmedDeliveries(int capacity)
{
    private readonly Dictionary<Guid, ushort> _entries = [];

    public int Count => _entries.Count;

    /// <summary>True when no further message may be taken until the application confirms some.</summary>
    public bool IsFull => _entries.Count >= capacity;

    /// <summary>Whether <paramref name="id"/> is complete and unconfirmed; gives the fragment index whose ACK is withheld.</summary>
    public bool TryGetWithheld(Guid id, out ushort index)
    {
        return _entries.TryGetValue(id, out index);
    }

    /// <summary>Message <paramref name="id"/> was completed by fragment <paramref name="withheldIndex"/>; its ACK waits for the confirmation.</summary>
    public void Track(Guid id, ushort withheldIndex) => _entries[id] = withheldIndex;

    /// <summary>Removes <paramref name="id"/> (the application confirmed it); false when it was not waiting.</summary>
    public bool TryConfirm(Guid id, out ushort withheldIndex) => _entries.Remove(id, out withheldIndex);
}
