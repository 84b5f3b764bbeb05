using Microsoft.Extensions.Logging;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Raises client events one subscriber at a time: an exception from one handler is caught and logged, and the
/// handlers after it still run. Without this a throwing handler would skip the rest and unwind into the client's
/// receive or maintenance loop, which must never stop for an application's bug.
/// </summary>
internal static class SubscriberIsolation
{
    /// <summary>Calls every handler of <paramref name="handlers"/> with (<paramref name="sender"/>, <paramref name="args"/>); returns how many threw.</summary>
    public static int Raise<T>(EventHandler<T>? handlers, object sender, T args, ILogger logger, string eventName)
    {
        if (handlers is null)
        {
            return 0;
        }

        int failed = 0;
        foreach (Delegate handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<T>)handler)(sender, args);
            }
            catch (Exception ex)
            {
                failed++;
                logger.SubscriberFailed(ex, eventName);
            }
        }

        return failed;
    }

    /// <summary>Calls <paramref name="callback"/> (a single callback from options), catching and logging what it throws.</summary>
    public static void Invoke<T>(Action<T>? callback, T argument, ILogger logger, string callbackName)
    {
        if (callback is null)
        {
            return;
        }

        try
        {
            callback(argument);
        }
        catch (Exception ex)
        {
            logger.SubscriberFailed(ex, callbackName);
        }
    }
}
