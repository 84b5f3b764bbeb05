namespace UdpSuite.Client.Chat;

/// <summary>
/// A set that remembers at most <c>capacity</c> items, forgetting the oldest first: enough to recognise
/// duplicates and recent sequence numbers without growing for ever. Not thread-safe.
/// </summary>
internal sealed class BoundedRecentSet<T>
    where T : notnull
{
    private readonly HashSet<T> _items = [];
    private readonly Queue<T> _order = new();
    private readonly int _capacity;

    public BoundedRecentSet(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _items.Count;

    public bool Contains(T item) => _items.Contains(item);

    /// <summary>Adds <paramref name="item"/>; false when it was already there.</summary>
    public bool Add(T item)
    {
        if (!_items.Add(item))
        {
            return false;
        }

        _order.Enqueue(item);
        while (_items.Count > _capacity && _order.TryDequeue(out T? oldest))
        {
            _items.Remove(oldest);
        }

        return true;
    }
}
