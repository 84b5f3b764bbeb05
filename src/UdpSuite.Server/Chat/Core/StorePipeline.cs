namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// The relay core's side of the store: the open <see cref="StoreBatch"/> that collects this batch's items, the batches
/// issued and not yet completed, and the bound. At most <see cref="MaxInFlight"/> batches are issued at once (the worker
/// runs one at a time, so more would only queue; meanwhile the open batch keeps growing and its items share one commit);
/// when the open batch holds <see cref="ChatRelayLimits.MaxPendingStoreItems"/> items the store is behind
/// (<see cref="IsBehind"/>) and the relay takes no new submission or receipt, so what waits for the store never grows
/// past (<see cref="MaxInFlight"/> + 1) batches of that bound. Completions must come back in issue order (the worker is
/// FIFO). Not thread-safe: the core's lock.
/// </summary>
internal sealed class StorePipeline(int maxPendingItems)
{
    /// <summary>Batches issued and not completed at most.</summary>
    public const int MaxInFlight = 2;

    private readonly Stack<StoreBatch> _free = new();
    private long _issued;
    private int _issuedItems;

    /// <summary>Where the relay adds items; issued by <see cref="Flush"/>.</summary>
    public StoreBatch Open { get; private set; } = new();

    /// <summary>Batches issued and not completed.</summary>
    public int InFlight { get; private set; }

    /// <summary>True while the open batch is full: new submissions and receipts are dropped unacknowledged (clients resend).</summary>
    public bool IsBehind => Open.Count >= maxPendingItems;

    /// <summary>Items waiting for the store: issued and open (for tests and diagnostics).</summary>
    public int Pending => _issuedItems + Open.Count;

    /// <summary>Issues the open batch to <paramref name="actions"/> when it has items and fewer than <see cref="MaxInFlight"/> are in flight.</summary>
    public void Flush(ChatActions actions)
    {
        if (Open.Count == 0 || InFlight >= MaxInFlight)
        {
            return;
        }

        StoreBatch issued = Open;
        issued.Id = ++_issued;
        InFlight++;
        _issuedItems += issued.Count;
        actions.Store(issued);
        Open = _free.TryPop(out StoreBatch? reused) ? reused : new StoreBatch();
    }

    /// <summary><paramref name="batch"/> came back and the relay finished it: its items no longer count and it is reused.</summary>
    public void Completed(StoreBatch batch)
    {
        _issuedItems -= batch.Count;
        InFlight--;
        batch.Clear();
        _free.Push(batch);
    }

    /// <summary>True when <paramref name="batch"/> is the oldest batch in flight (completions come back in issue order).</summary>
    public bool IsNext(StoreBatch batch) => InFlight > 0 && batch.Id == _issued - InFlight + 1;
}
