namespace UdpSuite.Server.Chat.Sessions;

/// <summary>The one rule for queueing a push in a session's table of pushes waiting for their ACK.</summary>
internal static class PendingPushTable
{
    /// <summary>
    /// Raises the push waiting under <paramref name="key"/> to <paramref name="body"/>, or adds one made by
    /// <paramref name="create"/> while fewer than <paramref name="capacity"/> wait; false when the table is full
    /// (the caller decides what that costs: the store keeps receipts for the next login, a presence push is dropped).
    /// </summary>
    public static bool Queue<TKey, TBody, TPush>(this Dictionary<TKey, TPush> pending, TKey key, TBody body, int capacity, Func<TBody, TPush> create)
        where TKey : notnull
        where TPush : PendingPush<TBody>
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(create);
        if (pending.TryGetValue(key, out TPush? waiting))
        {
            waiting.Raise(body);
            return true;
        }

        if (pending.Count >= capacity)
        {
            return false;
        }

        pending[key] = create(body);
        return true;
    }

    /// <summary>Ticks of the first send of the longest-waiting push that was sent (long.MaxValue when none was).</summary>
    public static long OldestFirstSendTicks<TKey, TPush>(this Dictionary<TKey, TPush> pending)
        where TKey : notnull
        where TPush : PendingPush
    {
        ArgumentNullException.ThrowIfNull(pending);
        long since = long.MaxValue;
        foreach (TPush push in pending.Values)
        {
            if (push.Sends > 0)
            {
                since = Math.Min(since, push.FirstSentTicks);
            }
        }

        return since;
    }
}
