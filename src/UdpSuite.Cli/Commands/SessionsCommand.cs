using System.CommandLine;
using System.Globalization;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite sessions --user NAME [--end ID] [--json]</c>: lists the user's sessions (id, device, address, since,
/// idle, transient or receiving; <c>*</c> marks the one this command opened), or ends one by its id (hex, as listed).
/// Runs in a transient session, so it disturbs none of the others. Exit 0; 1 when the server refuses or is silent.
/// </summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var chat = new ChatOptions();
        var end = new Option<string?>("--end") { Description = "End the session with this id (16 hex digits, as listed)" };
        end.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is not null && !TryParseId(value, out _))
            {
                result.AddError("--end takes a session id: up to 16 hex digits, not 0");
            }
        });
        var json = new Option<bool>("--json") { Description = "One JSON object per session and line" };
        var command = new Command("sessions", "List this user's sessions (devices), or end one.");
        chat.AddTo(command);
        command.Options.Add(end);
        command.Options.Add(json);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            string? ending = parse.GetValue(end);
            bool asJson = parse.GetValue(json);
            return ChatCommandRunner.RunLoggedInAsync("sessions", chat.Target(parse), user, async (client, token) =>
            {
                if (ending is not null && TryParseId(ending, out ulong id))
                {
                    await client.EndSessionAsync(id, token).ConfigureAwait(false);
                    await Console.Out.WriteLineAsync($"ended session {id:x16}").ConfigureAwait(false);
                    return;
                }

                foreach (SessionInfo session in await client.ListSessionsAsync(token).ConfigureAwait(false))
                {
                    await Console.Out.WriteLineAsync(asJson ? ToJson(session) : ToText(session)).ConfigureAwait(false);
                }
            }, cancellationToken);
        });
        return command;
    }

    private static bool TryParseId(string text, out ulong id) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id) && id != 0;

    private static string Kind(SessionInfo session) => session.Transient ? "transient" : "receiving";

    /// <summary><c>ID  DEVICE  ADDRESS  since TIME  idle N s  KIND[  *]</c>, tab-separated.</summary>
    private static string ToText(SessionInfo session) => string.Create(
        CultureInfo.InvariantCulture,
        $"{session.SessionId:x16}\t{TerminalText.Neutralise(session.DeviceName)}\t{session.Address}\tsince {JsonLine.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(session.LoggedInAtUnixMilliseconds))}\tidle {session.IdleMilliseconds / 1000.0:0.#} s\t{Kind(session)}{(session.Current ? "\t*" : string.Empty)}");

    private static string ToJson(SessionInfo session) => JsonLine.Write(writer =>
    {
        writer.WriteString("type", "session");
        writer.WriteString("id", session.SessionId.ToString("x16", CultureInfo.InvariantCulture));
        writer.WriteString("device", session.DeviceName);
        writer.WriteString("deviceId", session.DeviceId.ToString("x16", CultureInfo.InvariantCulture));
        writer.WriteString("address", session.Address.ToString());
        writer.WriteString("since", JsonLine.Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(session.LoggedInAtUnixMilliseconds)));
        writer.WriteNumber("idleMs", session.IdleMilliseconds);
        writer.WriteBoolean("transient", session.Transient);
        writer.WriteBoolean("current", session.Current);
    });
}
