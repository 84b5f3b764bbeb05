using UdpSuite.Protocol.Chat;
using UdpSuite.Server.Chat.Sessions;
using UdpSuite.Server.Chat.Store;

namespace UdpSuite.Server.Chat.Core;

/// <summary>
/// A HISTORY_REQUEST of <see cref="Session"/>: one page of a 1:1 conversation or a group, newest first, at most
/// <see cref="HistoryRequestBody.Limit"/> entries and what fits in the page envelope. A store without logs has no
/// history to page (StoreUnavailable).
/// </summary>
internal readonly record struct HistoryItem(ChatSession Session, HistoryRequestBody Request)
{
    public StoredHistoryPage? Page { get; init; }

    public ChatStoreException? Failure { get; init; }

    public HistoryItem Run(IDeviceLogStore? store)
    {
        if (store is null)
        {
            return this with { Page = StoredHistoryPage.Refused(ChatErrorCode.StoreUnavailable) };
        }

        try
        {
            int maxBytes = SessionsCodec.MaxPageBytes - SessionsCodec.PageHeaderLength;
            StoredHistoryPage page = Request.Kind == HistoryKind.Group
                ? store.GroupPage(Session.User, Request.Name, Request.Before, Request.Limit, maxBytes)
                : store.ConversationPage(Session.User, Request.Name, Request.Before, Request.Limit, maxBytes);
            return this with { Page = page };
        }
        catch (ChatStoreException ex)
        {
            return this with { Failure = ex };
        }
    }
}
