using System.CommandLine;
using System.Net;
using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Security;
using UdpSuite.Client.Transport;
using UdpSuite.Tui;
using UdpSuite.Tui.Chat;
using UdpSuite.Tui.History;
using UdpSuite.Tui.Time;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite chat [--user NAME] [--contacts PATH] [--server HOST:PORT] [--server-key FINGERPRINT] [--time-server HOST:PORT] [--sntp-server HOST:PORT] [--open NAME]</c>:
/// the full-screen client. Options override contacts.json; the password comes from UDPSUITE_PASSWORD or a login dialog.
/// The server key is checked as by every chat command: a first pin is announced on stderr and in the banner (a pin made
/// by a login after an outage, while the window runs, only in the banner); a key refused at start is shown full screen,
/// then on stderr, and exits with <see cref="ExitCodes.ServerKeyChanged"/>; a key refused later (the server came back
/// with another key) shows in the banner and stops the client's logins.
/// </summary>
internal static class ChatCommand
{
    private const string DefaultTimeServer = "127.0.0.1:9000";
    private const string DefaultSntpServer = "127.0.0.1:1123";

    public static Command Create()
    {
        var user = new Option<string?>("--user", "-u") { Description = "Account name (default: me.user in contacts.json)" };
        var contacts = new Option<string?>("--contacts", "-c") { Description = "Address book (default: ~/.config/udpsuite/contacts.json, else the shipped sample)" };
        var server = new Option<string?>("--server", "-s") { Description = $"Chat server HOST[:PORT] (default: servers.chat, else {ChatOptions.DefaultServer})" };
        var timeServer = new Option<string?>("--time-server") { Description = $"Time-text server HOST[:PORT] (default: servers.time, else {DefaultTimeServer})" };
        var sntpServer = new Option<string?>("--sntp-server") { Description = $"SNTP server HOST[:PORT] (default: servers.sntp, else {DefaultSntpServer})" };
        Option<string?> serverKey = SharedOptions.ServerKey();
        var open = new Option<string?>("--open", "-o") { Description = "Start in the conversation with this contact (display name or account)" };
        var command = new Command("chat", "The full-screen chat client (contacts, conversations, time panel).");
        foreach (Option option in new Option[] { user, contacts, server, serverKey, timeServer, sntpServer, open })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(user), parse.GetValue(contacts), parse.GetValue(server), parse.GetValue(serverKey), parse.GetValue(timeServer), parse.GetValue(sntpServer), parse.GetValue(open), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string? userOption, string? contactsOption, string? serverOption, string? serverKeyOption, string? timeOption, string? sntpOption, string? open, CancellationToken cancellationToken)
    {
        using LiveAddressBook addressBook = LiveAddressBook.Open(AddressBookLocator.Resolve(contactsOption));
        AddressBookDocument book = addressBook.Current;
        string? user = userOption ?? book.MyUser;
        if (string.IsNullOrEmpty(user))
        {
            await Console.Error.WriteLineAsync($"udpsuite chat: no user: pass --user or set me.user in {addressBook.Path}{(addressBook.Error is null ? string.Empty : $" ({addressBook.Error})")}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        string chatServer = serverOption ?? book.Servers.Chat ?? ChatOptions.DefaultServer;
        string? password = Environment.GetEnvironmentVariable(ChatPassword.EnvironmentVariable);
        if (string.IsNullOrEmpty(password))
        {
            password = LoginDialog.Ask(user, chatServer);
            if (password is null)
            {
                await Console.Error.WriteLineAsync("udpsuite chat: no password given").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        }

        IPEndPoint endpoint;
        try
        {
            endpoint = await UdpServerAddress.ResolveAsync(chatServer, ChatOptions.DefaultPort, cancellationToken).ConfigureAwait(false);
        }
        catch (UdpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite chat: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // The contacts.json fingerprint belongs to its servers.chat: it applies only when that is the server used.
        // Without either, WithServerKey falls back to the configured Chat:ServerKey.
        string? fingerprint = serverKeyOption ?? (serverOption is null ? book.Servers.ServerKey : null);
        string? pinNotice = null;
        bool fullScreen = false;
        ChatClient client;
        try
        {
            ChatClientOptions options = ChatCommandRunner.WithServerKey(new ChatClientOptions(), new ChatTarget(chatServer, fingerprint), "chat");
            Action<PinVerification> announce = options.OnServerKeyPinned!;
            client = new ChatClient(endpoint, options with
            {
                OnServerKeyPinned = verification =>
                {
                    // Once the main window runs, stderr would write over it: the window shows pins in its banner.
                    if (!Volatile.Read(ref fullScreen))
                    {
                        announce(verification);
                        pinNotice = verification.Describe();
                    }
                },
            });
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite chat: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        ChatClientSession session;
        try
        {
            session = await ChatClientSession.StartAsync(client, user, password, cancellationToken).ConfigureAwait(false);
            password = null; // from here only the client holds it, and only until its first successful login
        }
        catch (ServerKeyMismatchException ex)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            LoginDialog.ShowRefusal(chatServer, ex.Message); // full screen, where the user looks; stderr keeps it after exit
            await Console.Error.WriteLineAsync($"udpsuite chat: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ServerKeyChanged;
        }
        catch (ChatException ex)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"udpsuite chat: login as {user} at {chatServer} refused: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        await using (session.ConfigureAwait(false))
        {
            using var history = new ChatHistory(ChatHistory.DefaultPath(user, Environment.GetEnvironmentVariable));
            var time = new UdpTimeService(
                timeOption ?? book.Servers.Time ?? DefaultTimeServer,
                sntpOption ?? book.Servers.Sntp ?? DefaultSntpServer,
                TimeSpan.FromSeconds(2));
            Volatile.Write(ref fullScreen, true);
            return ChatApp.Run(new ChatWindowOptions(session, addressBook, time)
            {
                History = history,
                Open = open,
                ChatServer = chatServer,
                ServerKeyNotice = pinNotice,
            });
        }
    }
}
