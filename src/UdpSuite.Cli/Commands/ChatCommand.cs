using System.CommandLine;
using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Security;
using UdpSuite.Tui;
using UdpSuite.Tui.Chat;
using UdpSuite.Tui.FirstRun;
using UdpSuite.Tui.History;
using UdpSuite.Tui.Time;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite chat [--user NAME] [--contacts PATH] [--server HOST:PORT] [--server-key FINGERPRINT] [--time-server HOST:PORT] [--sntp-server HOST:PORT] [--open NAME] [--group NAME] [--away-after MINUTES]</c>:
/// the full-screen client. Options override contacts.json. Without a personal address book
/// (<c>$XDG_CONFIG_HOME/udpsuite/contacts.json</c>) and without <c>--contacts</c>, this is a first run: the login
/// screens find a server (discovery), show its key, log in or register, and the personal address book is created with
/// the user and the server (the sample contacts.json shipped with the program is never read implicitly). The password
/// comes from UDPSUITE_PASSWORD (with a known user and server: no screen) or the login screen, which asks again after a wrong one.
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
        var contacts = new Option<string?>("--contacts", "-c") { Description = "Address book (default: ~/.config/udpsuite/contacts.json, made at the first run)" };
        var server = new Option<string?>("--server", "-s") { Description = $"Chat server HOST[:PORT] (default: servers.chat, else found at the first run)" };
        var timeServer = new Option<string?>("--time-server") { Description = $"Time-text server HOST[:PORT] (default: servers.time, else {DefaultTimeServer})" };
        var sntpServer = new Option<string?>("--sntp-server") { Description = $"SNTP server HOST[:PORT] (default: servers.sntp, else {DefaultSntpServer})" };
        Option<string?> serverKey = SharedOptions.ServerKey();
        var open = new Option<string?>("--open", "-o") { Description = "Start in the conversation with this contact (display name or any account)" };
        var group = new Option<string?>("--group", "-g") { Description = "Start in the conversation of this group" };
        var awayAfter = new Option<int>("--away-after")
        {
            Description = "Minutes without a key pressed before your presence becomes away (0: never; default 5)",
            DefaultValueFactory = _ => 5,
        };
        awayAfter.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 24 * 60)
            {
                result.AddError("--away-after must be 0-1440 minutes");
            }
        });
        var command = new Command("chat", "The full-screen chat client (contacts, groups, conversations, time panel).");
        foreach (Option option in new Option[] { user, contacts, server, serverKey, timeServer, sntpServer, open, group, awayAfter })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(
            new ChatStart(parse.GetValue(user), parse.GetValue(contacts), parse.GetValue(server), parse.GetValue(serverKey), parse.GetValue(timeServer), parse.GetValue(sntpServer),
                parse.GetValue(open), parse.GetValue(group), parse.GetValue(awayAfter)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ChatStart start, CancellationToken cancellationToken)
    {
        string? bookPath = start.Contacts is not null ? Path.GetFullPath(start.Contacts) : AddressBookLocator.UserPath(Environment.GetEnvironmentVariable);
        if (bookPath is null)
        {
            await Console.Error.WriteLineAsync("udpsuite chat: neither XDG_CONFIG_HOME nor HOME is set: pass --contacts PATH").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        bool firstRun = start.Contacts is null && !File.Exists(bookPath);
        LiveAddressBook? addressBook = firstRun ? null : LiveAddressBook.Open(bookPath);
        try
        {
            AddressBookDocument? book = addressBook?.Current;
            string? user = start.User ?? book?.MyUser;
            string? chatServer = start.Server ?? book?.Servers.Chat ?? (firstRun ? null : ChatOptions.DefaultServer);

            // The contacts.json fingerprint belongs to its servers.chat: it applies only when that is the server used.
            // Without either, WithServerKey falls back to the configured Chat:ServerKey.
            string? fingerprint = start.ServerKey ?? (start.Server is null ? book?.Servers.ServerKey : null);
            string? pinNotice = null;
            bool fullScreen = false;
            Action<PinVerification> announce = verification =>
            {
                // Once a screen runs, stderr would write over it: the main window shows pins in its banner.
                pinNotice = verification.Describe();
                if (!Volatile.Read(ref fullScreen))
                {
                    Console.Error.WriteLine($"udpsuite chat: {pinNotice}");
                }
            };
            ChatLoginBackend backend;
            DesktopNotificationStyle notifications;
            try
            {
                string? notify = ClientConfiguration.Notify();
                if (!DesktopNotificationStyles.TryParse(notify, out notifications))
                {
                    throw new ArgumentException($"Chat:Notify (client.json or UDPSUITE_Chat__Notify): '{notify}' is not {DesktopNotificationStyles.Expected}");
                }

                _ = ChatCommandRunner.WithServerKey(new ChatClientOptions(), new ChatTarget(chatServer ?? ChatOptions.DefaultServer, fingerprint), "chat"); // a broken Chat:ServerKey is exit 2 here
                backend = new ChatLoginBackend(fingerprint, announce);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"udpsuite chat: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            IChatSession session;
            string? password = Environment.GetEnvironmentVariable(ChatPassword.EnvironmentVariable);
            if (!string.IsNullOrEmpty(password) && !string.IsNullOrEmpty(user) && chatServer is not null)
            {
                // Nothing to ask: log in directly (scripts, tests); a refusal ends the command.
                try
                {
                    session = await backend.LoginAsync(chatServer, user, password, cancellationToken).ConfigureAwait(false);
                }
                catch (ServerKeyMismatchException ex)
                {
                    return await RefusedKeyAsync(chatServer, ex.Message).ConfigureAwait(false);
                }
                catch (ArgumentException ex)
                {
                    await Console.Error.WriteLineAsync($"udpsuite chat: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
                catch (ChatException ex)
                {
                    await Console.Error.WriteLineAsync($"udpsuite chat: login as {user} at {chatServer} refused: {ex.Message}").ConfigureAwait(false);
                    return ExitCodes.Error;
                }
                finally
                {
                    password = null; // from here only the client holds it, and only until its first successful login
                }
            }
            else
            {
                Volatile.Write(ref fullScreen, true);
                FirstRunResult? result = ChatApp.RunLogin(backend, chatServer, user);
                Volatile.Write(ref fullScreen, false);
                if (result is null)
                {
                    await Console.Error.WriteLineAsync("udpsuite chat: not logged in").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                if (result.Refusal is { } refusal)
                {
                    return await RefusedKeyAsync(result.Server, refusal).ConfigureAwait(false);
                }

                session = result.Session!;
                (user, chatServer) = (result.User, result.Server);
                if (pinNotice is not null)
                {
                    await Console.Error.WriteLineAsync($"udpsuite chat: {pinNotice}").ConfigureAwait(false);
                }
            }

            await using (session.ConfigureAwait(false))
            {
                if (firstRun)
                {
                    // Logged in: what made it work is saved, with an empty address book (never the shipped sample);
                    // a client started beside this one in the same home may have saved its own a moment ago: that one is used.
                    AddressBookFile.TryCreatePersonal(bookPath, user, chatServer);
                    addressBook = LiveAddressBook.Open(bookPath);
                }

                book = addressBook!.Current;
                using var history = new ChatHistory(ChatHistory.DefaultPath(user, Environment.GetEnvironmentVariable));
                var time = new UdpTimeService(
                    start.TimeServer ?? book.Servers.Time ?? DefaultTimeServer,
                    start.SntpServer ?? book.Servers.Sntp ?? DefaultSntpServer,
                    TimeSpan.FromSeconds(2));
                Volatile.Write(ref fullScreen, true);
                return ChatApp.Run(new ChatWindowOptions(session, addressBook, time)
                {
                    History = history,
                    Open = start.Open,
                    OpenGroup = start.Group,
                    AwayAfter = TimeSpan.FromMinutes(start.AwayAfterMinutes),
                    ChatServer = chatServer,
                    ServerKeyNotice = pinNotice,
                    DesktopNotifications = notifications,
                });
            }
        }
        finally
        {
            addressBook?.Dispose();
        }
    }

    /// <summary>A server key the pins refuse: full screen, where the user looks; stderr keeps it after exit.</summary>
    private static async Task<int> RefusedKeyAsync(string server, string reason)
    {
        LoginDialog.ShowRefusal(server, reason);
        await Console.Error.WriteLineAsync($"udpsuite chat: {reason}").ConfigureAwait(false);
        return ExitCodes.ServerKeyChanged;
    }

    /// <summary>The command line of <c>udpsuite chat</c>.</summary>
    private sealed record ChatStart(
        string? User, string? Contacts, string? Server, string? ServerKey, string? TimeServer, string? SntpServer, string? Open, string? Group, int AwayAfterMinutes);
}
