using System.CommandLine;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite presence --user NAME [--set online|away|offline] [--status TEXT] [--json]</c>: logs in (a transient
/// session), optionally chooses how others see this user (the choice stays with the account on the server until
/// changed), prints the presence of everyone the user sees by the one audience rule — server-side contacts and
/// co-members of its groups (<see cref="ChatClient.ListWatchedAsync"/>), one line each: <c>NAME STATE[: STATUS]</c>, or
/// JSON objects as <c>listen --json</c> prints them — and logs out.
/// Exit 0; 1 when the server refuses or is silent.
/// </summary>
internal static class PresenceCommand
{
    public static Command Create()
    {
        var chat = new ChatOptions();
        var set = new WordOption<PresenceState>(
            "--set",
            "Choose: online (away after a while without activity), away, or offline (appear offline)",
            [("online", PresenceState.Online), ("away", PresenceState.Away), ("offline", PresenceState.Offline)]);
        var status = new Option<string>("--status") { Description = $"Status text shown with the state (at most {PresenceCodec.MaxStatusBytes} bytes of UTF-8; empty clears it)" };
        status.Validators.Add(result =>
        {
            if (!PresenceCodec.IsValidStatus(result.GetValueOrDefault<string>() ?? string.Empty))
            {
                result.AddError($"--status must be at most {PresenceCodec.MaxStatusBytes} bytes of UTF-8 without control characters");
            }
        });
        var json = new Option<bool>("--json") { Description = "One JSON object per user and line" };

        var command = new Command("presence", "Set this user's presence and show the presence of its contacts and group co-members.");
        chat.AddTo(command);
        command.Options.Add(set.Option);
        command.Options.Add(status);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            PresenceState? chosen = set.GetValue(parse);
            string? text = parse.GetValue(status);
            bool asJson = parse.GetValue(json);
            return ChatCommandRunner.RunLoggedInAsync("presence", chat.Target(parse), user, (client, token) =>
                ShowAsync(client, user, chosen, text, asJson, token), cancellationToken);
        });
        return command;
    }

    private static async Task ShowAsync(ChatClient client, string user, PresenceState? state, string? status, bool asJson, CancellationToken cancellationToken)
    {
        if (state is not null || status is not null)
        {
            PresenceState chosen = state ?? PresenceState.Online;
            await client.SetPresenceAsync(chosen, status, cancellationToken).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"{user} is now {PresenceOutput.StateName(chosen)}{(string.IsNullOrEmpty(status) ? string.Empty : $": {status}")} (shown while logged in)").ConfigureAwait(false);
        }

        IReadOnlyList<string> contacts = await client.ListWatchedAsync(cancellationToken).ConfigureAwait(false);
        await WaitForPresenceAsync(client, contacts, cancellationToken).ConfigureAwait(false);
        foreach (string contact in contacts)
        {
            ContactPresence presence = client.PresenceOf(contact) ?? new ContactPresence(contact, PresenceState.Offline, string.Empty, DateTimeOffset.UnixEpoch, 0);
            await Console.Out.WriteLineAsync(asJson ? PresenceOutput.ToJson(presence) : PresenceOutput.ToText(presence)).ConfigureAwait(false);
        }
    }

    /// <summary>The server sends every contact's presence right after login; wait (at most 5 s) until all of it is here.</summary>
    private static async Task WaitForPresenceAsync(ChatClient client, IReadOnlyList<string> contacts, CancellationToken cancellationToken)
    {
        var missing = new HashSet<string>(contacts, StringComparer.Ordinal);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, PresenceChangedEventArgs e)
        {
            lock (missing)
            {
                if (missing.Remove(e.Presence.User) && missing.Count == 0)
                {
                    arrived.TrySetResult();
                }
            }
        }

        client.PresenceChanged += OnChanged;
        try
        {
            lock (missing)
            {
                missing.RemoveWhere(c => client.PresenceOf(c) is not null);
                if (missing.Count == 0)
                {
                    return;
                }
            }

            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Print what arrived; the rest shows offline.
        }
        finally
        {
            client.PresenceChanged -= OnChanged;
        }
    }
}
