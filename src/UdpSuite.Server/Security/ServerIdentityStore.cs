using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Security.Noise;
using UdpSuite.Security;

namespace UdpSuite.Server.Security;

/// <summary>
/// Loads the server's static key from <c>server.key</c> in the data directory, creating it on first start. The file is
/// one line, <c>udpsuite-server-key-v1 BASE64</c> (the 32-byte raw X25519 private key), mode 0600 in a 0700 directory.
/// Like sshd with host keys, a key file that group or others can access is refused rather than used.
/// </summary>
public static class ServerIdentityStore
{
    /// <summary>Name of the key file inside the data directory.</summary>
    public const string FileName = "server.key";

    /// <summary>First word of the key file.</summary>
    public const string Header = "udpsuite-server-key-v1";

    // The line is short; anything much longer is not a key file and is not read into memory whole.
    private const int MaxFileLength = 256;

    /// <summary>The identity in <paramref name="dataDirectory"/>, created (with the directory) when there is none.</summary>
    public static ServerIdentity LoadOrCreate(string dataDirectory)
    {
        string path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        try
        {
            PrivateFiles.EnsureDirectory(dataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServerKeyException($"cannot create the data directory {dataDirectory}: {ex.Message}", ex);
        }

        if (!File.Exists(path))
        {
            ServerIdentity? created = TryCreate(path);
            if (created is not null)
            {
                return created;
            }

            // Another process created the key between the check and the write: use that one.
        }

        return new ServerIdentity(Load(path), path, created: false);
    }

    private static ServerIdentity? TryCreate(string path)
    {
        NoiseKeyPair keyPair = NoiseKeyPair.Generate(exportable: true);
        byte[] privateKey = GC.AllocateArray<byte>(NoiseConstants.DhLength, pinned: true);
        byte[]? line = null;
        try
        {
            keyPair.ExportPrivateKey(privateKey);
            line = Encoding.ASCII.GetBytes($"{Header} {Convert.ToBase64String(privateKey)}\n");
            if (!PrivateFiles.TryCreateAtomically(path, line))
            {
                keyPair.Dispose();
                return null;
            }

            return new ServerIdentity(keyPair, path, created: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            keyPair.Dispose();
            throw new ServerKeyException($"cannot create the server key {path}: {ex.Message}", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            if (line is not null)
            {
                CryptographicOperations.ZeroMemory(line);
            }
        }
    }

    private static NoiseKeyPair Load(string path)
    {
        byte[] content;
        try
        {
            if (PrivateFiles.IsAccessibleToOthers(path))
            {
                throw new ServerKeyException($"the server key {path} is accessible to other users; run 'chmod 600 {path}' (and consider the key exposed: move it away to create a new one)");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileLength)
            {
                throw Corrupt(path, "it is too long");
            }

            content = new byte[stream.Length];
            stream.ReadExactly(content);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ServerKeyException($"cannot read the server key {path}: {ex.Message}", ex);
        }

        byte[] privateKey = GC.AllocateArray<byte>(NoiseConstants.DhLength, pinned: true);
        try
        {
            string text = Encoding.ASCII.GetString(content).TrimEnd('\n');
            string[] parts = text.Split(' ');
            if (parts.Length != 2 || parts[0] != Header)
            {
                throw Corrupt(path, $"it is not one line '{Header} BASE64'");
            }

            if (!Convert.TryFromBase64String(parts[1], privateKey, out int written) || written != NoiseConstants.DhLength)
            {
                throw Corrupt(path, $"the key is not base64 of {NoiseConstants.DhLength} bytes");
            }

            return NoiseKeyPair.Import(privateKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
            CryptographicOperations.ZeroMemory(content);
        }
    }

    private static ServerKeyException Corrupt(string path, string reason) =>
        new($"the server key {path} is unreadable: {reason}. Restore it from a backup, or move it away to create a new key (every client that pinned the old one will then refuse the server until its pin is replaced)");
}
