namespace UdpSuite.Tui;

/// <summary>The assembly marker of the terminal client.</summary>
public static class ChatTui
{
}
