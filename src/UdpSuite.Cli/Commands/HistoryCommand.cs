using System.CommandLine;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite history --user NAME (PEER | --group GROUP) [--limit N] [--json]</c>: pages back through the conversation
/// stored on the server (newest first, in pages of at most 100) until it has the newest N messages (default 50), then
/// prints them oldest first: <c>TIME FROM: TEXT</c>, or one JSON object per line with the message id, so a script can
/// merge them into what it has without duplicates. Runs in a transient session. Exit 0; 1 when refused or silent.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var chat = new ChatOptions();
        var peer = new Argument<string?>("PEER") { Description = "The account whose 1:1 conversation to page", Arity = ArgumentArity.ZeroOrOne };
        var group = new Option<string?>("--group") { Description = "Page this group instead" };
        var limit = new Option<int>("--limit") { Description = "How many of the newest messages (1-100000)", DefaultValueFactory = _ => 50 };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                result.AddError("--limit must be 1-100000");
            }
        });
        var json = new Option<bool>("--json") { Description = "One JSON object per message and line" };
        var command = new Command("history", "Show a conversation's history as stored on the server.");
        chat.AddTo(command);
        command.Arguments.Add(peer);
        command.Options.Add(group);
        command.Options.Add(limit);
        command.Options.Add(json);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(peer) is null || result.GetValue(peer) is null) == (result.GetResult(group) is null))
            {
                result.AddError("give exactly one of PEER and --group NAME");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            string? groupName = parse.GetValue(group);
            string name = groupName ?? parse.GetValue(peer)!;
            int wanted = parse.GetValue(limit);
            bool asJson = parse.GetValue(json);
            return ChatCommandRunner.RunLoggedInAsync("history", chat.Target(parse), user, async (client, token) =>
            {
                IReadOnlyList<HistoryEntry> entries = await CollectAsync(client, name, groupName is not null, wanted, token).ConfigureAwait(false);
                foreach (HistoryEntry entry in entries.Reverse())
                {
                    await Console.Out.WriteLineAsync(asJson ? ToJson(entry, name, groupName is not null) : ToText(entry)).ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>The newest <paramref name="wanted"/> entries, newest first, page by page; each page starts below the last.</summary>
    private static async Task<IReadOnlyList<HistoryEntry>> CollectAsync(ChatClient client, string name, bool isGroup, int wanted, CancellationToken cancellationToken)
    {
        var entries = new List<HistoryEntry>();
        ulong before = 0;
        do
        {
            int limit = Math.Min(wanted - entries.Count, SessionsCodec.MaxHistoryLimit);
            HistoryPage page = isGroup
                ? await client.GetGroupHistoryAsync(name, before, limit, cancellationToken).ConfigureAwait(false)
                : await client.GetHistoryAsync(name, before, limit, cancellationToken).ConfigureAwait(false);
            entries.AddRange(page.Entries);
            before = page.NextBefore;
        }
        while (before != 0 && entries.Count < wanted);

        return entries;
    }

    /// <summary><c>TIME\tFROM: TEXT</c> on one line, name and text neutralised (<see cref="TerminalText"/>; tabs and line breaks shown as escapes).</summary>
    internal static string ToText(HistoryEntry entry) =>
        $"{JsonLine.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(entry.SentAtUnixMilliseconds))}\t{TerminalText.Neutralise(entry.From)}{(entry.Outgoing ? " (me)" : string.Empty)}: {TerminalText.Neutralise(entry.Text)}";

    private static string ToJson(HistoryEntry entry, string name, bool isGroup) => JsonLine.Write(writer =>
    {
        writer.WriteString("type", "history");
        writer.WriteString(isGroup ? "group" : "peer", name);
        writer.WriteString("id", entry.MessageId.ToString());
        writer.WriteNumber("position", entry.Position);
        writer.WriteString("from", entry.From);
        writer.WriteBoolean("outgoing", entry.Outgoing);
        writer.WriteString("state", entry.State == DeliveryState.Sending ? string.Empty : entry.State.ToString().ToLowerInvariant());
        writer.WriteString("at", JsonLine.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(entry.SentAtUnixMilliseconds)));
        writer.WriteString("text", entry.Text);
    });
}
