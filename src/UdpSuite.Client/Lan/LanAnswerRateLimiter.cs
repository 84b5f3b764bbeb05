using System.Net;

namespace UdpSuite.Client.Lan;

/// <summary>
/// Limits ANSENTRY answers per source address: at most <c>perWindow</c> within <c>window</c> (a forged BR_ENTRY flood
/// must not turn us into a reflector). Bounded: at most <c>capacity</c> addresses are tracked; when all are busy,
/// new addresses get no answer until a window passes.
/// </summary>
internal sealed class LanAnswerRateLimiter(TimeProvider time, int perWindow, TimeSpan window, int capacity = 4096)
{
    private readonly Dictionary<IPAddress, (DateTimeOffset Start, int Count)> _windows = [];
    private readonly Lock _gate = new();

    public bool Allow(IPAddress address)
    {
        DateTimeOffset now = time.GetUtcNow();
        lock (_gate)
        {
            if (_windows.TryGetValue(address, out var current) && now - current.Start < window)
            {
                if (current.Count >= perWindow)
                {
                    return false;
                }

                _windows[address] = (current.Start, current.Count + 1);
                return true;
            }

            if (!_windows.ContainsKey(address) && _windows.Count >= capacity)
            {
                foreach (IPAddress old in _windows.Where(w => now - w.Value.Start >= window).Select(w => w.Key).ToArray())
                {
                    _windows.Remove(old);
                }

                if (_windows.Count >= capacity)
                {
                    return false;
                }
            }

            _windows[address] = (now, 1);
            return perWindow > 0;
        }
    }
}
