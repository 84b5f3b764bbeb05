namespace UdpSuite.Client.Chat;

/// <summary>
/// One unauthenticated request at a time (PROBE, REGISTER, HELLO, PROOF): sends it, resends it with doubling
/// intervals while no acceptable answer arrives, and gives up with <see cref="ChatTimeoutException"/> at the timeout.
/// The receive loop hands every unauthenticated datagram to <see cref="Offer"/>. Thread-safe.
/// </summary>
internal sealed class HandshakeExchange
{
    private static readonly TimeSpan FirstResend = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private Func<byte[], bool>? _accept;
    private TaskCompletionSource<byte[]>? _reply;

    /// <summary>True while a request waits for its answer.</summary>
    public bool IsPending
    {
        get
        {
            lock (_gate)
            {
                return _reply is not null;
            }
        }
    }

    /// <summary>Gives an unauthenticated datagram to the waiting request; false when nobody wanted it.</summary>
    public bool Offer(ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            if (_accept is null || _reply is null)
            {
                return false;
            }

            byte[] copy = datagram.ToArray();
            if (!_accept(copy))
            {
                return false;
            }

            _reply.TrySetResult(copy);
            _accept = null;
            _reply = null;
            return true;
        }
    }

    /// <summary>
    /// Sends with <paramref name="send"/> until <paramref name="accept"/> approves an answer; returns that datagram.
    /// Callers run one request at a time.
    /// </summary>
    public async Task<byte[]> RequestAsync(Action send, Func<byte[], bool> accept, TimeSpan timeout, TimeProvider time, string what, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _accept = accept;
            _reply = reply;
        }

        try
        {
            long started = time.GetTimestamp();
            TimeSpan interval = FirstResend;
            while (true)
            {
                send();
                TimeSpan remaining = timeout - time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    throw new ChatTimeoutException($"no answer to {what} within {timeout.TotalSeconds:0.#} s (is the chat server running, and is the address right?)");
                }

                try
                {
                    return await reply.Task.WaitAsync(interval < remaining ? interval : remaining, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    interval *= 2;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_reply, reply))
                {
                    _accept = null;
                    _reply = null;
                }
            }
        }
    }
}
