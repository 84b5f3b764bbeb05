using UdpSuite.Server.Chat.Core;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat;

/// <summary>
/// The chat listener's one store thread: runs the relay core's store requests (<see cref="StoreBatch"/>) against the
/// <see cref="IChatStore"/> one at a time, first in first out — so the store sees them in the order the core issued
/// them (inbox order, exactly-once by message id) — and hands each, executed, to the completion callback (which feeds
/// it back into the core under the chat handler's lock). The receive thread never waits for the store (no call of it is left there). The queue holds at
/// most what the core has in flight (<see cref="StorePipeline.MaxInFlight"/>). <see cref="Dispose"/> drains: requests
/// already queued run and complete; later ones are refused (their items stay unanswered, so clients resend them to the
/// next server run).
/// </summary>
internal sealed class ChatStoreWorker : IDisposable
{
    private readonly IChatStore _store;
    private readonly Action<StoreBatch> _completed;
    private readonly Queue<StoreBatch> _queue = new();
    private readonly Thread _thread;
    private bool _stopping;

    public ChatStoreWorker(IChatStore store, Action<StoreBatch> completed)
    {
        _store = store;
        _completed = completed;
        _thread = new Thread(Run) { IsBackground = true, Name = "chat-store" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="batch"/>; false (nothing queued) once the worker is stopping.</summary>
    public bool Enqueue(StoreBatch batch)
    {
        lock (_queue)
        {
            if (_stopping)
            {
                return false;
            }

            _queue.Enqueue(batch);
            Monitor.Pulse(_queue);
            return true;
        }
    }

    /// <summary>Runs what is queued, then stops the thread and waits for it.</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _stopping = true;
            Monitor.PulseAll(_queue);
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        while (true)
        {
            StoreBatch batch;
            lock (_queue)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_queue);
                }

                if (!_queue.TryDequeue(out batch!))
                {
                    return; // stopping and drained
                }
            }

            batch.Execute(_store); // store failures become failed items, answered by the core
            _completed(batch);
        }
    }
}
