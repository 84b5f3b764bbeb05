using System.CommandLine;
using UdpSuite.Client.Chat;
using UdpSuite.Protocol.Chat;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// <c>udpsuite register --user NAME [--server HOST:PORT] [--iterations N]</c>: creates a chat account. Only the SCRAM
/// verifier leaves this machine. Exit 0 when created, 1 when refused (name taken, bad name) or the server is silent.
/// </summary>
internal static class RegisterCommand
{
    public static Command Create()
    {
        var chat = new ChatOptions();
        var iterations = new Option<int>("--iterations")
        {
            Description = $"PBKDF2 iterations for the password verifier (default {ScramVerifier.DefaultIterations}, at least {ScramVerifier.MinIterations})",
            DefaultValueFactory = _ => ScramVerifier.DefaultIterations,
        };
        iterations.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value is < ScramVerifier.MinIterations or > ScramVerifier.MaxIterations)
            {
                result.AddError($"--iterations must be {ScramVerifier.MinIterations}-{ScramVerifier.MaxIterations}");
            }
        });

        var command = new Command("register", "Create a chat account (password from UDPSUITE_PASSWORD or a prompt).");
        chat.AddTo(command);
        command.Options.Add(iterations);
        command.SetAction((parse, cancellationToken) =>
        {
            string user = parse.GetRequiredValue(chat.User);
            var options = new ChatClientOptions { RegistrationIterations = parse.GetValue(iterations) };
            return ChatCommandRunner.RunAsync("register", parse.GetValue(chat.Server), user, options, async (client, password, token) =>
            {
                await client.RegisterAsync(user, password, token).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"registered {user} at {client.Server}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
