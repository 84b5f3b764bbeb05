using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UdpSuite.Protocol.Chat;
using UdpSuite.Security;

namespace UdpSuite.Client.Chat;

/// <summary>
/// Which device a client logs in as (docs/PROTOCOL.md, "Sessions and devices"): a random non-zero id the server keys
/// the device's delivery cursor by, and a name for session lists. <see cref="ForProgram"/> keeps one id per program
/// in the user's data directory, so a device that was offline gets what it missed at its next login; two processes of
/// one program on one machine share it and are still two sessions.
/// </summary>
public sealed record ChatDevice
{
    /// <summary>A device with <paramref name="id"/> (not 0) and <paramref name="name"/> (the user-name rules: 1-64 bytes of UTF-8).</summary>
    public ChatDevice(ulong id, string name)
    {
        ArgumentOutOfRangeException.ThrowIfZero(id);
        if (!ChatUserName.IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid device name (1-{ChatWire.MaxUserNameBytes} bytes of UTF-8, no control characters, no surrounding spaces)", nameof(name));
        }

        Id = id;
        Name = name;
    }

    public ulong Id { get; }

    public string Name { get; }

    /// <summary>
    /// The device of <paramref name="program"/> (e.g. <c>chat</c>, <c>listen</c>, <c>send</c>) on this machine: the id
    /// from <c>$XDG_DATA_HOME/udpsuite/client/device-PROGRAM</c> (or <c>~/.local/share/udpsuite/client/...</c>), created 0600 with a
    /// random id when missing or unreadable, and the name <c>HOST (PROGRAM)</c> unless <paramref name="name"/> is given.
    /// When the file cannot be written the id is random for this process only (a login must not fail for it).
    /// </summary>
    public static ChatDevice ForProgram(string program, string? name = null, Func<string, string?>? environment = null)
    {
        if (string.IsNullOrEmpty(program) || !program.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException("a program name is lower-case letters, digits and '-'", nameof(program));
        }

        environment ??= Environment.GetEnvironmentVariable;
        return new ChatDevice(LoadOrCreateId(Path.Combine(UserDataDirectory.Client(environment), $"device-{program}")), name ?? DefaultName(program));
    }

    /// <summary>
    /// A device of <paramref name="program"/> for this process only (a random id, the name <c>HOST (PROGRAM)</c>): for
    /// transient sessions, which keep no cursor, so nothing needs to be remembered about them.
    /// </summary>
    public static ChatDevice Ephemeral(string program) => new(RandomId(), DefaultName(program));

    /// <summary><c>HOST (PROGRAM)</c>, cut to fit the 64-byte limit.</summary>
    public static string DefaultName(string program)
    {
        string host = Environment.MachineName.Trim();
        string name = $"{(host.Length == 0 ? "localhost" : host)} ({program})";
        while (Encoding.UTF8.GetByteCount(name) > ChatWire.MaxUserNameBytes)
        {
            name = name[..^1].TrimEnd();
        }

        return name;
    }

    /// <summary>A device id for a session that keeps nothing (transient sessions without a device of their own).</summary>
    internal static ulong RandomId()
    {
        ulong id;
        do
        {
            id = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        }
        while (id == 0);
        return id;
    }

    private static ulong LoadOrCreateId(string path)
    {
        try
        {
            if (TryRead(path, out ulong known))
            {
                return known;
            }

            PrivateFiles.EnsureDirectory(Path.GetDirectoryName(path)!);
            ulong id = RandomId();
            byte[] content = Encoding.ASCII.GetBytes(id.ToString("x16", CultureInfo.InvariantCulture) + "\n");
            if (File.Exists(path))
            {
                PrivateFiles.WriteAllBytesAtomically(path, content); // unreadable content: start over as a new device
                return id;
            }

            // Two processes starting at once: the first file wins and both use it.
            return PrivateFiles.TryCreateAtomically(path, content) || !TryRead(path, out ulong other) ? id : other;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return RandomId();
        }
    }

    private static bool TryRead(string path, out ulong id)
    {
        id = 0;
        if (!File.Exists(path))
        {
            return false;
        }

        string text = File.ReadAllText(path).Trim();
        return text.Length == 16 && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id) && id != 0;
    }
}
