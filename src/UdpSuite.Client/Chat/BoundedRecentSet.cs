namespace UdpSuite.Client.Chat;

/// <summary>
/// A set that remembers at most <c>capacity</c> items, forgetting the oldest first: enough to recognise
/// duplicates and recent sequence numbers without growing for ever. Not thread-safe.
/// </summary>
internal sealed class BoundedRecentSet<T>
    where T : notnull
{
    private readonly BoundedRecentMap<T, bool> _items;

    public BoundedRecentSet(int capacity)
    {
        _items = new BoundedRecentMap<T, bool>(capacity);
    }

    public int Count => _items.Count;

    public bool Contains(T item) => _items.ContainsKey(item);

    /// <summary>Adds <paramref name="item"/>; false when it was already there.</summary>
    public bool Add(T item)
    {
        if (_items.ContainsKey(item))
        {
            return false;
        }

        _items.Set(item, true);
        return true;
    }
}
