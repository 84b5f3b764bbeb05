namespace UdpSuite.Server.Chat.Login;

/// <summary>Who may create an account (<c>Chat:Registration</c>): the server logs the policy in force at start.</summary>
public enum RegistrationPolicy
{
    /// <summary>Anyone who reaches the chat port (the default, so a LAN works out of the box).</summary>
    Open,

    /// <summary>Nobody: every REGISTER gets ERROR RegistrationClosed; existing accounts log in as before.</summary>
    Closed,
}
