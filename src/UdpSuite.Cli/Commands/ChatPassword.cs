using System.Text;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// Where chat commands get the password: the <c>UDPSUITE_PASSWORD</c> environment variable, else an interactive prompt
/// that does not echo. Never argv (other users can read a process's command line).
/// </summary>
internal static class ChatPassword
{
    public const string EnvironmentVariable = "UDPSUITE_PASSWORD";

    /// <summary>The password, or null with <paramref name="error"/> set when there is neither a variable nor a terminal to ask on.</summary>
    public static string? Read(string userName, out string error)
    {
        error = string.Empty;
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        if (Console.IsInputRedirected)
        {
            error = $"no password: set {EnvironmentVariable} or run from a terminal to be prompted";
            return null;
        }

        Console.Error.Write($"Password for {userName}: ");
        var password = new StringBuilder();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        if (password.Length == 0)
        {
            error = "empty password";
            return null;
        }

        return password.ToString();
    }
}
