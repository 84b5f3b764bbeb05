namespace UdpSuite.Client.Chat;

/// <summary>A dictionary that keeps at most <c>capacity</c> entries, forgetting the oldest insertions first. Not thread-safe.</summary>
internal sealed class BoundedRecentMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _items = [];
    private readonly Queue<TKey> _order = new();
    private readonly int _capacity;

    public BoundedRecentMap(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _items.Count;

    public bool ContainsKey(TKey key) => _items.ContainsKey(key);

    public bool TryGetValue(TKey key, out TValue value) => _items.TryGetValue(key, out value!);

    /// <summary>Adds or replaces; a new key may push the oldest one out.</summary>
    public void Set(TKey key, TValue value)
    {
        if (_items.TryAdd(key, value))
        {
            _order.Enqueue(key);
            while (_items.Count > _capacity && _order.TryDequeue(out TKey? oldest))
            {
                _items.Remove(oldest);
            }
        }
        else
        {
            _items[key] = value;
        }
    }

    public bool Remove(TKey key) => _items.Remove(key);
}
