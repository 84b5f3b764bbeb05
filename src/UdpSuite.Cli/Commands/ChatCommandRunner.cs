using System.Net;
using UdpSuite.Client.Chat;
using UdpSuite.Client.Transport;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// What every chat command does around its own work: read the password, resolve the server, open a
/// <see cref="ChatClient"/> that checks the server's key (explicit fingerprint, else known_servers, pinning on first
/// contact with a notice on stderr), and turn failures into one clear stderr message and an exit code
/// (<see cref="ExitCodes.ServerKeyChanged"/> when the key was refused).
/// </summary>
internal static class ChatCommandRunner
{
    /// <summary>
    /// Logs in as <paramref name="userName"/> in a transient session (<see cref="OneShot"/>), runs <paramref name="work"/>,
    /// logs out (the one-shot commands: group, contacts, presence), and returns <see cref="ExitCodes.Ok"/>; failures become a stderr line and an exit code as in <see cref="RunAsync"/>.
    /// </summary>
    public static Task<int> RunLoggedInAsync(
        string commandName, ChatTarget target, string userName, Func<ChatClient, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(commandName, target, userName, OneShot(commandName, new ChatClientOptions()), async (client, password, token) =>
        {
            await client.LoginAsync(userName, password, token).ConfigureAwait(false);
            await work(client, token).ConfigureAwait(false);
            await client.LogoutAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Ok;
        }, cancellationToken);

    /// <summary>
    /// <paramref name="options"/> for a one-shot command: a transient session (its login and logout change nothing others
    /// see of the user, it takes none of the user's messages) named after the command, e.g. <c>lab-pc (send)</c>.
    /// </summary>
    public static ChatClientOptions OneShot(string commandName, ChatClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(commandName);
        ArgumentNullException.ThrowIfNull(options);
        return options with { Transient = true, Device = ChatDevice.Ephemeral(commandName.Split(' ')[0]) };
    }

    /// <summary>Runs <paramref name="work"/> with a client (not logged in) and the password; returns its exit code.</summary>
    public static async Task<int> RunAsync(
        string commandName,
        ChatTarget target,
        string userName,
        ChatClientOptions options,
        Func<ChatClient, string, CancellationToken, Task<int>> work,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        string? password = ChatPassword.Read(userName, out string passwordError);
        if (password is null)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: {passwordError}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        using var signal = new ShutdownSignal(cancellationToken);
        try
        {
            IPEndPoint server = await UdpServerAddress.ResolveAsync(target.Server, ChatOptions.DefaultPort, signal.Token).ConfigureAwait(false);
            await using var client = new ChatClient(server, WithServerKey(options, target, commandName));
            return await work(client, password, signal.Token).ConfigureAwait(false);
        }
        catch (ServerKeyMismatchException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.ServerKeyChanged;
        }
        catch (ChatTimeoutException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: timeout: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (ChatException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (UdpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (signal.Token.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"udpsuite {commandName}: interrupted").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    /// <summary>
    /// The options with the server's key check: the address as typed is the known_servers key, the explicit
    /// fingerprint (the target's, else the configured <c>Chat:ServerKey</c>) replaces known_servers, and a first pin is
    /// announced on stderr with its fingerprint. Throws <see cref="ArgumentException"/> for a broken configuration.
    /// </summary>
    public static ChatClientOptions WithServerKey(ChatClientOptions options, ChatTarget target, string commandName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        return options with
        {
            ServerAddress = target.Server,
            ServerKey = target.ServerKey ?? ClientConfiguration.ServerKey(),
            OnServerKeyPinned = verification => Console.Error.WriteLine($"udpsuite {commandName}: {verification.Describe()}"),
        };
    }
}
