using System.CommandLine;
using System.Globalization;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite send --to NAME|--group NAME [--wait sent|delivered|read] [--deadline MS] TEXT</c>: logs in, sends one message
/// (to a user, or posted to a group) and waits until it reaches the wanted state (default "sent": the server stored it;
/// for a group, delivered and read mean every member). Prints the message id and state, and for a group the counts.
/// Exit 0 when the state was reached; 1 when the message failed, was refused, or the wait ran past the deadline.
/// </summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var chat = new ChatOptions();
        var to = new Option<string>("--to")
        {
            Description = "Recipient's account name",
        };
        var group = new Option<string>("--group")
        {
            Description = "Post to this group instead (you must be a member)",
        };
        var wait = new WordOption<DeliveryState>(
            "--wait",
            "State to wait for: sent (stored by the server), delivered (recipient's client has it), read",
            [("sent", DeliveryState.Sent), ("delivered", DeliveryState.Delivered), ("read", DeliveryState.Read)],
            defaultWord: "sent");
        var deadline = new Option<int>("--deadline")
        {
            Description = "Milliseconds until the message counts as failed (and the longest wait for --wait) (default 30000)",
            DefaultValueFactory = _ => 30_000,
        };
        deadline.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--deadline must be a positive number of milliseconds");
            }
        });
        var text = new Argument<string>("TEXT") { Description = "The message (UTF-8, up to 64 KiB)" };

        var command = new Command("send", "Send one chat message and wait until it is sent (or delivered, or read).");
        chat.AddTo(command);
        command.Options.Add(to);
        command.Options.Add(group);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(to) is null) == (result.GetResult(group) is null))
            {
                result.AddError("give exactly one of --to NAME and --group NAME");
            }
        });
        command.Options.Add(wait.Option);
        command.Options.Add(deadline);
        command.Arguments.Add(text);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            DeliveryState wanted = wait.GetValue(parse) ?? DeliveryState.Sent;
            TimeSpan limit = TimeSpan.FromMilliseconds(parse.GetValue(deadline));
            string? recipient = parse.GetValue(to);
            string? groupName = parse.GetValue(group);
            string body = parse.GetRequiredValue(text);
            return ChatCommandRunner.RunAsync("send", chat.Target(parse), user, ChatCommandRunner.OneShot("send", new ChatClientOptions { DefaultDeadline = limit }), (client, password, token) =>
                SendAsync(client, user, password, recipient, groupName, body, wanted, limit, token), cancellationToken);
        });
        return command;
    }

    private static async Task<int> SendAsync(ChatClient client, string user, string password, string? to, string? group, string text, DeliveryState wanted, TimeSpan limit, CancellationToken cancellationToken)
    {
        await client.LoginAsync(user, password, cancellationToken).ConfigureAwait(false);
        OutgoingMessage message = group is null
            ? await client.SendAsync(to!, text, limit, cancellationToken).ConfigureAwait(false)
            : await client.SendToGroupAsync(group, text, limit, cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        DeliveryState reached;
        try
        {
            reached = await message.WaitForAsync(wanted, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"udpsuite send: timeout: message {message.Id} is {StateName(message.State)}, not {StateName(wanted)}, after {limit.TotalMilliseconds:0} ms")).ConfigureAwait(false);
            return ExitCodes.Error;
        }

        if (reached == DeliveryState.Failed)
        {
            await Console.Error.WriteLineAsync($"udpsuite send: message {message.Id} failed: {message.FailureReason}").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        await Console.Out.WriteLineAsync($"{message.Id} {StateName(reached)}{CountsText(message)}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string StateName(DeliveryState state) => state.ToString().ToLowerInvariant();

    /// <summary>For a group message with counts: " delivered 2/3 read 1/3".</summary>
    private static string CountsText(OutgoingMessage message) => message.GroupCounts is { } counts
        ? string.Create(CultureInfo.InvariantCulture, $" delivered {counts.Delivered}/{counts.Members} read {counts.Read}/{counts.Members}")
        : string.Empty;
}
