using System.CommandLine;
using UdpSuite.Client.AddressBook;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite contacts add|remove NAME...</c>, <c>contacts list</c>, <c>contacts sync [--contacts PATH]</c>: the user's
/// server-side contacts, whose presence the server pushes to this user. Names are account names. <c>sync</c> adds every
/// account of the address book (contacts.json) the server does not have yet and removes nothing. Exit 0; 1 when the
/// server refuses (no such user, too many contacts) or is silent.
/// </summary>
internal static class ContactsCommand
{
    public static Command Create()
    {
        var command = new Command("contacts", "Server-side contacts: whose presence this user sees.");
        command.Subcommands.Add(Change("add", "Add accounts to the server-side contacts.", static (c, n, t) => c.AddContactAsync(n, t), "added"));
        command.Subcommands.Add(Change("remove", "Remove accounts from the server-side contacts.", static (c, n, t) => c.RemoveContactAsync(n, t), "removed"));
        command.Subcommands.Add(List());
        command.Subcommands.Add(Sync());
        return command;
    }

    private static Command Change(string name, string description, Func<ChatClient, string, CancellationToken, Task> change, string done)
    {
        var chat = new ChatOptions();
        var accounts = new Argument<string[]>("NAME") { Description = "Account names", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description);
        chat.AddTo(command);
        command.Arguments.Add(accounts);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            string[] names = parse.GetRequiredValue(accounts);
            return ChatCommandRunner.RunLoggedInAsync($"contacts {name}", chat.Target(parse), user, async (client, token) =>
            {
                foreach (string account in names)
                {
                    await change(client, account, token).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync($"{done} {account}").ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    private static Command List()
    {
        var chat = new ChatOptions();
        var command = new Command("list", "Print the server-side contacts, one account per line.");
        chat.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            return ChatCommandRunner.RunLoggedInAsync("contacts list", chat.Target(parse), user, async (client, token) =>
            {
                foreach (string account in await client.ListContactsAsync(token).ConfigureAwait(false))
                {
                    await Console.Out.WriteLineAsync(TerminalText.Neutralise(account)).ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    private static Command Sync()
    {
        var chat = new ChatOptions();
        var contacts = new Option<string?>("--contacts", "-c") { Description = "Address book (default: ~/.config/udpsuite/contacts.json)" };
        var command = new Command("sync", "Add the accounts of the address book (contacts.json) to the server-side contacts.");
        chat.AddTo(command);
        command.Options.Add(contacts);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            if (AddressBookLocator.Resolve(parse.GetValue(contacts)) is not { } path)
            {
                string expected = AddressBookLocator.UserPath(Environment.GetEnvironmentVariable) ?? "~/.config/udpsuite/contacts.json";
                await Console.Error.WriteLineAsync(
                    $"udpsuite contacts sync: no address book at {expected} (the full-screen client makes it at its first run); give one with --contacts FILE").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            AddressBookDocument book;
            using (LiveAddressBook live = LiveAddressBook.Open(path, watch: false))
            {
                if (live.Error is not null)
                {
                    await Console.Error.WriteLineAsync($"udpsuite contacts sync: {live.Error}").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                book = live.Current;
            }

            return await ChatCommandRunner.RunAsync("contacts sync", chat.Target(parse), user, ChatCommandRunner.OneShot("contacts", new ChatClientOptions()), async (client, password, token) =>
            {
                await client.LoginAsync(user, password, token).ConfigureAwait(false);
                foreach (string account in await client.SyncContactsAsync(book.Contacts.Select(c => c.Account), token).ConfigureAwait(false))
                {
                    await Console.Out.WriteLineAsync($"added {account}").ConfigureAwait(false);
                }

                await client.LogoutAsync(CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
