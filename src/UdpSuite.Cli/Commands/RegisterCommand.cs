using System.CommandLine;
using UdpSuite.Client.Chat;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite register --user NAME [--server HOST:PORT] [--server-key FINGERPRINT]</c>: creates a chat account after the
/// server's key is checked. Only the Argon2id verifier (OWASP's minimum parameters) leaves this machine, sealed. Exit 0 when created, 1 when refused (name taken, bad name) or the server is silent.
/// </summary>
internal static class RegisterCommand
{
    public static Command Create()
    {
        var chat = new ChatOptions();
        var command = new Command("register", "Create a chat account (password from UDPSUITE_PASSWORD or a prompt).");
        chat.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            var options = new ChatClientOptions();
            return ChatCommandRunner.RunAsync("register", chat.Target(parse), user, options, async (client, password, token) =>
            {
                await client.RegisterAsync(user, password, token).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"registered {user} at {client.Server}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
