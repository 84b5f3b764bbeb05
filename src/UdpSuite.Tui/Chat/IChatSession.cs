using UdpSuite.Client.Chat;

namespace UdpSuite.Tui.Chat;

/// <summary>
/// What the terminal client needs from a chat connection, in the client library's own types. The UI talks only to
/// this, so views are tested with a fake; the real adapter (<see cref="ChatClientSession"/>) only forwards to
/// <see cref="ChatClient"/>, which owns login, reconnection and queueing. Events may be raised on any thread; the UI
/// marshals them itself. Nothing is raised before <see cref="Start"/>, so subscribing first is the only possible order.
/// </summary>
public partial interface IChatSession : IAsyncDisposable
{
    /// <summary>The account.</summary>
    string UserName { get; }

    /// <summary>True while logged in and the server answers; false shows the banner (messages are queued meanwhile).</summary>
    bool IsConnected { get; }

    /// <summary>The last known presence of every contact the server reported on (the snapshot taken at login, kept up to date).</summary>
    IReadOnlyDictionary<string, ContactPresence> Presence { get; }

    /// <summary>
    /// Set when the client stopped logging in because the server presented a key its pin refuses (while it retried after
    /// an outage, or resumed the session): the text to show (<c>PinVerification.Describe()</c>: pinned and presented
    /// fingerprints, known_servers file and line). No retry can fix it. Null otherwise; <see cref="ConnectionChanged"/> is raised when it is set.
    /// </summary>
    string? ServerKeyRefusal { get; }

    /// <summary>Raised when <see cref="IsConnected"/> changes, and when <see cref="ServerKeyRefusal"/> is set.</summary>
    event EventHandler<bool>? ConnectionChanged;

    /// <summary>
    /// Raised with the notice to show (<c>PinVerification.Describe()</c>) when a login the client ran by itself, after
    /// an outage, pinned the server's key on first contact.
    /// </summary>
    event EventHandler<string>? ServerKeyPinned;

    /// <summary>Raised for each message delivered to this user; the handler stores it, then calls <see cref="Confirm"/>.</summary>
    event EventHandler<IncomingMessage>? MessageReceived;

    /// <summary>Raised when a message this user sent moves to a new state.</summary>
    event EventHandler<OutgoingMessage>? DeliveryChanged;

    /// <summary>Raised when a contact comes online, goes away or offline, or changes the status text.</summary>
    event EventHandler<ContactPresence>? PresenceChanged;

    /// <summary>Another session of this user read the message with this id (READ_SYNC): its unread mark clears here too.</summary>
    event EventHandler<Guid>? ReadElsewhere;

    /// <summary>
    /// Starts raising the events (call once, after subscribing): messages that arrived since login come first, in order,
    /// and the presence known so far is reported again.
    /// </summary>
    void Start();

    /// <summary>
    /// Queues <paramref name="text"/> for <paramref name="toAccount"/> under <paramref name="messageId"/> (the caller stored
    /// it first). It waits through outages until the server stores it; submitting the same id again (after a restart) is
    /// stored once. Throws <see cref="ChatException"/> when it cannot be queued (too large, queue full).
    /// </summary>
    OutgoingMessage Send(Guid messageId, string toAccount, string text);

    /// <summary>The UI has stored <paramref name="message"/> durably: it now counts as delivered (see <see cref="ChatClient.Confirm"/>).</summary>
    void Confirm(IncomingMessage message);

    /// <summary>Tells the sender of <paramref name="messageId"/> that it has been read.</summary>
    Task MarkReadAsync(Guid messageId);

    /// <summary>
    /// The accounts whose presence the user wants to see (the address book's contacts): the session makes them
    /// server-side contacts (adding, never removing) now and after every reconnection, so <see cref="PresenceChanged"/> reports them.
    /// </summary>
    void Watch(IReadOnlyCollection<string> accounts);
}
