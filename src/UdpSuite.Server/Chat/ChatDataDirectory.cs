namespace UdpSuite.Server.Chat;

/// <summary>Where the chat store lives: <c>Server:DataDirectory</c>, or <c>udpsuite</c> under the user's local application data.</summary>
public static class ChatDataDirectory
{
    public static string Resolve(string? configured) =>
        string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "udpsuite")
            : configured.Trim();
}
