using NodaTime;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// Device <see cref="DeviceId"/> of <see cref="User"/> confirmed its log through <see cref="Cursor"/> (the cursor moves up,
/// never down), or with <see cref="Ended"/> its last session ended at <see cref="At"/> (read syncs after that go out at
/// its next login). A store without logs has nothing to record.
/// </summary>
internal readonly record struct DeviceCursorItem(string User, ulong DeviceId, ulong Cursor, bool Ended, Instant At)
{
    public ChatStoreException? Failure { get; init; }

    public DeviceCursorItem Run(IDeviceLogStore? store)
    {
        if (store is null)
        {
            return this;
        }

        try
        {
            if (Ended)
            {
                store.TouchDevice(User, DeviceId, At);
            }
            else
            {
                store.AdvanceDevice(User, DeviceId, Cursor, At);
            }

            return this;
        }
        catch (ChatStoreException ex)
        {
            return this with { Failure = ex };
        }
    }
}
