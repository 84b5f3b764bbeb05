namespace UdpSuite.Cli;

/// <summary>Process exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The operation failed: timeout, refused, error reply, a port in use.</summary>
    public const int Error = 1;

    /// <summary>The command line or configuration is invalid.</summary>
    public const int Usage = 2;

    /// <summary>
    /// The chat server presented a key that differs from its pin in known_servers (or from <c>--server-key</c>), or its
    /// pin line is malformed: refused before any name or credential was sent. stderr shows both fingerprints and the
    /// file and line to remove.
    /// </summary>
    public const int ServerKeyChanged = 3;
}
