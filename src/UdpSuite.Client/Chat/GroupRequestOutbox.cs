using UdpSuite.Protocol.Chat;

namespace UdpSuite.Client.Chat;

/// <summary>
/// GROUP_REQUESTs waiting for their GROUP_RESULT, each retransmitted with exponential backoff from the RTO until the
/// answer with its request id arrives (the server answers a repeated id with the same result, so a resend never does
/// an operation twice). Not thread-safe: the client serialises calls.
/// </summary>
internal sealed class GroupRequestOutbox
{
    private readonly Dictionary<Guid, Pending> _pending = [];

    public int Count => _pending.Count;

    /// <summary>Queues a request whose body is <paramref name="body"/>; the task completes with the server's answer.</summary>
    public Task<GroupResultBody> Add(Guid requestId, byte[] body)
    {
        var pending = new Pending(body);
        _pending[requestId] = pending;
        return pending.Completion.Task;
    }

    /// <summary>Bodies due at <paramref name="nowTicks"/> under timeout <paramref name="rto"/>; marks them sent.</summary>
    public List<byte[]> TakeDue(long nowTicks, TimeSpan rto)
    {
        var due = new List<byte[]>();
        foreach (Pending pending in _pending.Values)
        {
            if (pending.TakeIfDue(nowTicks, rto))
            {
                due.Add(pending.Body);
            }
        }

        return due;
    }

    /// <summary>The answer to a pending request arrived; false for an unknown or already answered id (a duplicate).</summary>
    public bool Complete(GroupResultBody result)
    {
        if (!_pending.Remove(result.RequestId, out Pending? pending))
        {
            return false;
        }

        pending.Completion.TrySetResult(result);
        return true;
    }

    /// <summary>Stops waiting for <paramref name="requestId"/> (timed out or cancelled).</summary>
    public void Forget(Guid requestId) => _pending.Remove(requestId);

    /// <summary>Forgets send history so every request goes out again at once (after a new login).</summary>
    public void ResetSends()
    {
        foreach (Pending pending in _pending.Values)
        {
            pending.Restart();
        }
    }

    private sealed class Pending(byte[] body) : ResendSchedule
    {
        public byte[] Body { get; } = body;

        public TaskCompletionSource<GroupResultBody> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
