using UdpSuite.Client.Security;

namespace UdpSuite.Client.Chat;

/// <summary>
/// The server presented a key that does not match its pin (or the pin for its address is malformed, or it differs
/// from the explicit fingerprint): the client refused it before sending any name or credential. The message is
/// <see cref="PinVerification.Describe"/>, which front ends show verbatim.
/// </summary>
public sealed class ServerKeyMismatchException : ChatException
{
    public ServerKeyMismatchException()
    {
    }

    public ServerKeyMismatchException(string message)
        : base(message)
    {
    }

    public ServerKeyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServerKeyMismatchException(PinVerification verification)
        : base(verification?.Describe() ?? throw new ArgumentNullException(nameof(verification))) => Verification = verification;

    /// <summary>What the check found: address, presented and pinned fingerprints, file and line.</summary>
    public PinVerification? Verification { get; }
}
