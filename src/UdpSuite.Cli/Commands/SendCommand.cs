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
/// With <c>--lan --to NICKNAME|HOST[:PORT]</c> it sends to an IP Messenger, FeiQ or iptux user instead: exit 0 once the
/// RECVMSG (or, for <c>--wait read</c>, the READMSG) arrives, 1 with "not delivered" after the retries.
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

        var lanMode = new Option<bool>("--lan")
        {
            Description = "Send to an IP Messenger, FeiQ or iptux user on the LAN instead (--to NICKNAME|HOST[:PORT]; no server, no --user; unencrypted)",
        };
        var lan = new LanOptions();

        var command = new Command("send", "Send one chat message and wait until it is sent (or delivered, or read).");
        chat.AddTo(command);
        chat.User.Required = false; // required unless --lan (validated below)
        command.Options.Add(to);
        command.Options.Add(group);
        command.Options.Add(lanMode);
        lan.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(lanMode))
            {
                if (result.GetResult(to) is null || result.GetResult(group) is not null)
                {
                    result.AddError("--lan sends to one user: give --to NICKNAME|HOST[:PORT] (no --group)");
                }
            }
            else if ((result.GetResult(to) is null) == (result.GetResult(group) is null))
            {
                result.AddError("give exactly one of --to NAME and --group NAME");
            }
            else if (result.GetResult(chat.User) is null)
            {
                result.AddError("Option '--user' is required.");
            }
        });
        command.Options.Add(wait.Option);
        command.Options.Add(deadline);
        command.Arguments.Add(text);
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(lanMode))
            {
                var request = new LanSend(parse.GetRequiredValue(to), parse.GetRequiredValue(text), wait.GetValue(parse) ?? DeliveryState.Sent, TimeSpan.FromMilliseconds(parse.GetValue(deadline)));
                return LanRunner.RunAsync("send", () => lan.Build(parse), anyPortWhenTaken: true, (peer, token) => SendLanAsync(peer, request, token), cancellationToken);
            }

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

    /// <summary>A <c>--lan</c> send: recipient as typed, text, the state to wait for, the longest wait.</summary>
    private sealed record LanSend(string To, string Text, DeliveryState Wanted, TimeSpan Limit);

    /// <summary>
    /// <c>--lan</c>: finds the recipient (an address, else a peer whose nickname, user or host matches after our entry,
    /// else a host name), sends with SENDCHECKOPT (and a read check for <c>--wait read</c>), and waits for the RECVMSG
    /// (retransmitting with back-off) — exit 0 — or prints "not delivered" — exit 1.
    /// </summary>
    private static async Task<int> SendLanAsync(Client.Lan.LanPeer peer, LanSend request, CancellationToken cancellationToken)
    {
        System.Net.IPEndPoint? target = await FindLanTargetAsync(peer, request.To, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            await Console.Error.WriteLineAsync($"udpsuite send: no LAN user '{request.To}' answered (give HOST[:PORT], or check 'udpsuite lan peers')").ConfigureAwait(false);
            return ExitCodes.Error;
        }

        bool readCheck = request.Wanted == DeliveryState.Read;
        Client.Lan.LanOutgoingMessage message = peer.Send(target, request.Text, readCheck);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Limit);
        try
        {
            if (await message.Delivery.WaitAsync(timeout.Token).ConfigureAwait(false) == Client.Lan.LanDeliveryState.Failed)
            {
                await Console.Error.WriteLineAsync($"udpsuite send: {message.FailureReason}").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            if (readCheck)
            {
                await message.ReadReceipt.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"udpsuite send: not delivered: message {message.PacketNumber} to {target} is {message.State.ToString().ToLowerInvariant()} after {request.Limit.TotalMilliseconds:0} ms")).ConfigureAwait(false);
            return ExitCodes.Error;
        }

        await Console.Out.WriteLineAsync($"lan:{target}:{message.PacketNumber} {message.State.ToString().ToLowerInvariant()}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>HOST[:PORT] with an address: announce to it and give it a moment to answer (so we learn whether it speaks UTF-8); a name: a peer that answered, else DNS.</summary>
    private static async Task<System.Net.IPEndPoint?> FindLanTargetAsync(Client.Lan.LanPeer peer, string to, CancellationToken cancellationToken)
    {
        TimeSpan answer = TimeSpan.FromSeconds(2);
        if (Client.Transport.UdpServerAddress.TryParse(to, Protocol.Lan.IpMsgWire.DefaultPort, out string host, out int port, out _)
            && System.Net.IPAddress.TryParse(host, out System.Net.IPAddress? address))
        {
            var endpoint = new System.Net.IPEndPoint(address, port);
            await peer.AnnounceToAsync(endpoint).ConfigureAwait(false);
            await LanRunner.WaitForPeerAsync(peer, p => p.Endpoint.Equals(endpoint), answer, cancellationToken).ConfigureAwait(false);
            return endpoint;
        }

        if (await LanRunner.WaitForPeerAsync(peer, p => p.Matches(to), answer, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known.Endpoint;
        }

        try
        {
            IReadOnlyList<System.Net.IPEndPoint> resolved = ClientConfiguration.LanEndpoints(to, "--to");
            return resolved.Count > 0 ? resolved[0] : null;
        }
        catch (ArgumentException)
        {
            return null; // neither a peer's name nor a host name
        }
    }

    private static string StateName(DeliveryState state) => state.ToString().ToLowerInvariant();

    /// <summary>For a group message with counts: " delivered 2/3 read 1/3".</summary>
    private static string CountsText(OutgoingMessage message) => message.GroupCounts is { } counts
        ? string.Create(CultureInfo.InvariantCulture, $" delivered {counts.Delivered}/{counts.Members} read {counts.Read}/{counts.Members}")
        : string.Empty;
}
