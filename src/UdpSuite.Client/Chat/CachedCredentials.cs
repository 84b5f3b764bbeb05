namespace UdpSuite.Client.Chat;

/// <summary>
/// What the client keeps after a login so it can log in again by itself (after a server restart) without the
/// password: the SCRAM keys for one salt and iteration count. The password itself is never kept.
/// </summary>
internal sealed record CachedCredentials(string UserName, byte[] Salt, int Iterations, byte[] ClientKey, byte[] StoredKey, byte[] ServerKey)
{
    public bool Matches(byte[] salt, int iterations) => iterations == Iterations && salt.AsSpan().SequenceEqual(Salt);
}
