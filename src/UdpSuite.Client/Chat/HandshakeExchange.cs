using System.Runtime.CompilerServices;

namespace UdpSuite.Client.Chat;

/// <summary>
/// One request before a session exists at a time (PROBE in clear; LOGIN_START, LOGIN_PROOF, REGISTER sealed on the
/// channel being opened): sends it, resends it with doubling intervals while no acceptable answer arrives, and gives
/// up with <see cref="ChatTimeoutException"/> at the timeout. The receive loop hands it PROBE_REPLY datagrams and the
/// opened messages (inner type, then body) of the channel being opened through <see cref="Offer"/>. Thread-safe.
/// </summary>
internal sealed class HandshakeExchange
{
    private static readonly TimeSpan FirstResend = TimeSpan.FromMilliseconds(250);

    /// <summary>Resends never space out further than this: on a lossy LAN a steady resend rate logs in sooner than exponential silence.</summary>
    private static readonly TimeSpan LongestResend = TimeSpan.FromSeconds(1);

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

    /// <summary>Gives a datagram or opened message to the waiting request; false when nobody wanted it.</summary>
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
    /// Callers run one request at a time. <paramref name="sends"/> counts how often the request went out (a reply
    /// to a resent request may answer an earlier copy that the server already acted on).
    /// </summary>
    public async Task<byte[]> RequestAsync(StrongBox<int> sends, Action send, Func<byte[], bool> accept, TimeSpan timeout, TimeProvider time, string what, CancellationToken cancellationToken)
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
                sends.Value++;
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
                    interval = interval * 2 < LongestResend ? interval * 2 : LongestResend;
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
