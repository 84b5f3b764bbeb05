namespace UdpSuite.Protocol.Chat;

/// <summary>ERROR (version-1 framing): why a request failed, e.g. UnsupportedVersion.</summary>
public readonly record struct ErrorMessage(ChatErrorCode Code, string Text);
