namespace UdpSuite.Tui.Chat;

/// <summary>
/// What the terminal client needs from a chat connection. The UI talks only to this, so views are tested with a
/// fake and the real adapter over <see cref="UdpSuite.Client.Chat.ChatClient"/> stays thin. Events may be raised on
/// any thread; the UI marshals them itself.
/// </summary>
public interface IChatSession : IAsyncDisposable
{
    /// <summary>The logged-in account.</summary>
    string UserName { get; }

    /// <summary>True while the server answers; false shows the banner and makes <see cref="Send"/> queue.</summary>
    bool IsConnected { get; }

    /// <summary>Raised when <see cref="IsConnected"/> changes.</summary>
    event EventHandler<bool>? ConnectionChanged;

    /// <summary>Raised for each message delivered to this user.</summary>
    event EventHandler<ReceivedChatMessage>? MessageReceived;

    /// <summary>Raised when a message this user sent moves to a new state.</summary>
    event EventHandler<DeliveryUpdate>? DeliveryChanged;

    /// <summary>Raised when a contact comes online, goes away or offline, or changes the status text.</summary>
    event EventHandler<PresenceUpdate>? PresenceChanged;

    /// <summary>
    /// Hands <paramref name="text"/> for <paramref name="toAccount"/> to the session and returns its id at once; while the
    /// server is unreachable the message waits in a local queue and goes out when it comes back.
    /// </summary>
    Guid Send(string toAccount, string text);

    /// <summary>Tells the sender of <paramref name="messageId"/> that it has been read.</summary>
    Task MarkReadAsync(Guid messageId);

    /// <summary>
    /// The accounts whose presence the user wants to see (the address book's contacts): the session makes them
    /// server-side contacts (adding, never removing) now and after every login, so <see cref="PresenceChanged"/> reports them.
    /// </summary>
    void Watch(IReadOnlyCollection<string> accounts);
}
