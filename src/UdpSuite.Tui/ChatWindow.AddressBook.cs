using Terminal.Gui.Views;
using UdpSuite.Client.AddressBook;
using UdpSuite.Protocol.Chat;
using UdpSuite.Tui.Conversations;
using UdpSuite.Tui.Views;

namespace UdpSuite.Tui;

// Adding, renaming and removing contacts from inside the client: contacts.json is changed on disk (temp file + rename,
// every other field kept; AddressBookFile) and re-read, and the server-side contacts follow so presence does too.
internal sealed partial class ChatWindow
{
    /// <summary>
    /// A display name typed here follows the name rules (ChatNames: no invisible or bidi characters, length); false
    /// with the offending character in the banner. Names already in contacts.json are shown neutralised, not refused.
    /// </summary>
    private bool IsAcceptableDisplayName(string displayName)
    {
        NameCheck check = ChatNames.Check(displayName, "display name");
        if (!check.IsValid)
        {
            Banner.ShowAlert(check.Error!);
        }

        return check.IsValid;
    }

    /// <summary>Adds <paramref name="account"/> as <paramref name="displayName"/> (the account when empty) and opens its conversation; false with the reason in the banner.</summary>
    internal bool AddContact(string account, string displayName, string note)
    {
        account = account.Trim();
        displayName = displayName.Trim().Length > 0 ? displayName.Trim() : account;
        if (!ChatUserName.IsValid(account) || account == _session.UserName)
        {
            Banner.ShowAlert($"'{account}' cannot be a contact: an account name has no control characters nor surrounding spaces, and is not yours");
            return false;
        }

        if (displayName != account && !IsAcceptableDisplayName(displayName))
        {
            return false;
        }

        if (_options.AddressBook.Current.Contacts.FirstOrDefault(c => c.DisplayName == displayName && c.Account != account) is { } taken)
        {
            Banner.ShowAlert($"'{displayName}' already names the contact {taken.Account}: choose another name");
            return false;
        }

        if (!EditAddressBook(path => AddressBookFile.AddContact(path, displayName, account, note.Trim())))
        {
            return false;
        }

        _unknownAccounts.Remove(account);
        _ = RequestAsync($"{account} not added on the server", () => _session.AddContactAsync(account));
        OpenConversation(ConversationId.Person(account));
        return true;
    }

    /// <summary>Shows the selected person as <paramref name="newName"/> from now on (one not in contacts.json yet is added under that name).</summary>
    internal bool RenameContact(SidebarItem contact, string newName)
    {
        newName = newName.Trim();
        if (newName.Length == 0 || contact.IsGroup)
        {
            return false;
        }

        if (!contact.InAddressBook)
        {
            return AddContact(contact.Account, newName, string.Empty);
        }

        if (!IsAcceptableDisplayName(newName))
        {
            return false;
        }

        bool done = EditAddressBook(path => AddressBookFile.RenameContact(path, contact.DisplayName, newName));
        if (done)
        {
            OpenConversation(contact.Id);
        }

        return done;
    }

    /// <summary>Takes the person out of contacts.json and the server-side contacts; a conversation with messages stays listed.</summary>
    internal bool RemoveContact(SidebarItem contact)
    {
        if (contact.IsGroup)
        {
            return false;
        }

        if (contact.InAddressBook && !EditAddressBook(path => AddressBookFile.RemoveContact(path, contact.DisplayName)))
        {
            return false;
        }

        _extraPeople.Remove(contact.Account);
        _serverContacts.Remove(contact.Account);
        _ = RequestAsync($"{contact.Account} not removed on the server", () => _session.RemoveContactAsync(contact.Account));
        RebuildSidebar();
        return true;
    }

    /// <summary>Applies <paramref name="change"/> to the address book file and re-reads it; false with the reason in the banner.</summary>
    private bool EditAddressBook(Action<string> change)
    {
        LiveAddressBook book = _options.AddressBook;
        if (book.Error is { } error)
        {
            Banner.ShowAlert($"contacts.json is not changed while it cannot be read: {error}");
            return false;
        }

        try
        {
            change(book.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or System.Text.Json.JsonException)
        {
            Banner.ShowAlert($"{book.Path} not changed: {ex.Message}");
            return false;
        }

        book.Reload(); // raises Changed: the list is rebuilt
        AddressBookChanged();
        return true;
    }

    private void AskAddContact()
    {
        if (App is { } app && FormDialog.Ask(app, "Add a contact", $"Saved in {_options.AddressBook.Path}.",
                [new FormField("Account (as on the server):"), new FormField("Name to show (optional):"), new FormField("Note (optional):")]) is [var account, var name, var note]
            && account.Trim().Length > 0)
        {
            AddContact(account, name, note);
        }
    }

    private void AskRenameContact()
    {
        if (SelectedContact is { IsGroup: false } contact && App is { } app
            && FormDialog.Ask(app, $"Rename {contact.DisplayName}", $"Account {contact.Account}; the new name is saved in contacts.json.", [new FormField("Name to show:", contact.DisplayName)]) is [var name])
        {
            RenameContact(contact, name);
        }
        else if (SelectedContact is null or { IsGroup: true })
        {
            Banner.ShowAlert("select a person in the contacts list first");
        }
    }

    private void AskRemoveContact()
    {
        if (SelectedContact is not { IsGroup: false } contact)
        {
            Banner.ShowAlert("select a person in the contacts list first");
            return;
        }

        if (App is { } app && MessageBox.Query(app, "Remove contact", $"Remove {contact.DisplayName} ({contact.Account}) from your contacts? Your conversation stays in the history.", "_Remove", "_Keep") == 0)
        {
            RemoveContact(contact);
        }
    }
}
