using System.CommandLine;
using System.Globalization;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite group create|join|leave|members|list|rename</c>: manages chat groups as the logged-in user.
/// <c>create NAME [--code CODE]</c> (the creator owns the group; with a code, joining needs it), <c>join NAME [--code CODE]</c>,
/// <c>leave NAME</c>, <c>members NAME [--json]</c>, <c>list [--json]</c> (the user's groups), <c>rename NAME NEWNAME</c> (owner only).
/// Exit 0 when done, 1 when refused (the server's reason on stderr) or the server is silent.
/// </summary>
internal static class GroupCommand
{
    public static Command Create()
    {
        var command = new Command("group", "Create, join, leave, list and rename chat groups.");
        command.Subcommands.Add(Simple("create", "Create a group; you become its owner (with --code, joining needs the code).", withCode: true,
            (client, name, code, token) => client.CreateGroupAsync(name, code, token), "created group"));
        command.Subcommands.Add(Simple("join", "Join a group (with --code when it has an invite code).", withCode: true,
            (client, name, code, token) => client.JoinGroupAsync(name, code, token), "joined group"));
        command.Subcommands.Add(Simple("leave", "Leave a group.", withCode: false,
            (client, name, _, token) => client.LeaveGroupAsync(name, token), "left group"));
        command.Subcommands.Add(Members());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Rename());
        return command;
    }

    private static Command Simple(string verb, string description, bool withCode, Func<ChatClient, string, string?, CancellationToken, Task> operation, string done)
    {
        var chat = new ChatOptions();
        var name = new Argument<string>("NAME") { Description = "The group's name" };
        var code = new Option<string>("--code") { Description = "The group's invite code" };
        var command = new Command(verb, description);
        chat.AddTo(command);
        command.Arguments.Add(name);
        if (withCode)
        {
            command.Options.Add(code);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            string group = parse.GetRequiredValue(name);
            string? inviteCode = withCode ? parse.GetValue(code) : null;
            return ChatCommandRunner.RunLoggedInAsync($"group {verb}", chat.Target(parse), user, async (client, token) =>
            {
                await operation(client, group, inviteCode, token).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"{done} {group}").ConfigureAwait(false);
            }, cancellationToken);
        });
        return command;
    }

    private static Command Members()
    {
        var chat = new ChatOptions();
        var name = new Argument<string>("NAME") { Description = "The group's name" };
        var json = new Option<bool>("--json") { Description = "One JSON object per member and line: name, owner" };
        var command = new Command("members", "List a group's members in the order they joined (members only).");
        chat.AddTo(command);
        command.Arguments.Add(name);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            string group = parse.GetRequiredValue(name);
            bool asJson = parse.GetValue(json);
            return ChatCommandRunner.RunLoggedInAsync("group members", chat.Target(parse), user, async (client, token) =>
            {
                foreach (GroupMember member in await client.GetGroupMembersAsync(group, token).ConfigureAwait(false))
                {
                    await Console.Out.WriteLineAsync(asJson
                        ? JsonLine.Write(writer =>
                        {
                            writer.WriteString("name", member.Name);
                            writer.WriteBoolean("owner", member.IsOwner);
                        })
                        : member.IsOwner ? $"{TerminalText.Neutralise(member.Name)} (owner)" : TerminalText.Neutralise(member.Name)).ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    private static Command List()
    {
        var chat = new ChatOptions();
        var json = new Option<bool>("--json") { Description = "One JSON object per group and line: name, members, owner" };
        var command = new Command("list", "List the groups you belong to.");
        chat.AddTo(command);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            bool asJson = parse.GetValue(json);
            return ChatCommandRunner.RunLoggedInAsync("group list", chat.Target(parse), user, async (client, token) =>
            {
                foreach (GroupSummary group in await client.ListGroupsAsync(token).ConfigureAwait(false))
                {
                    await Console.Out.WriteLineAsync(asJson
                        ? JsonLine.Write(writer =>
                        {
                            writer.WriteString("name", group.Name);
                            writer.WriteNumber("members", group.MemberCount);
                            writer.WriteBoolean("owner", group.IsOwner);
                        })
                        : string.Create(CultureInfo.InvariantCulture, $"{TerminalText.Neutralise(group.Name)}\t{group.MemberCount} members{(group.IsOwner ? "\towner" : string.Empty)}")).ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    private static Command Rename()
    {
        var chat = new ChatOptions();
        var name = new Argument<string>("NAME") { Description = "The group's current name" };
        var newName = new Argument<string>("NEWNAME") { Description = "The new name" };
        var command = new Command("rename", "Rename a group (owner only).");
        chat.AddTo(command);
        command.Arguments.Add(name);
        command.Arguments.Add(newName);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            string group = parse.GetRequiredValue(name);
            string renamed = parse.GetRequiredValue(newName);
            return ChatCommandRunner.RunLoggedInAsync("group rename", chat.Target(parse), user, async (client, token) =>
            {
                await client.RenameGroupAsync(group, renamed, token).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"renamed group {group} to {renamed}").ConfigureAwait(false);
            }, cancellationToken);
        });
        return command;
    }
}
