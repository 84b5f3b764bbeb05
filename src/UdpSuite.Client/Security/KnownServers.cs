using System.Text;
using UdpSuite.Protocol.Security;
using UdpSuite.Security;

namespace UdpSuite.Client.Security;

/// <summary>
/// The client's server key pins, trust on first use like OpenSSH's known_hosts. The file holds one pin per line,
/// <c>ADDRESS SHA256:BASE64</c>, keyed by the server address exactly as the user gave it; <c>#</c> comments and blank
/// lines are kept. An address may have several pins (any of them matches, which allows announcing a new key before
/// rotating). The file is 0600 in a 0700 directory and is rewritten atomically; lines this class does not understand
/// are reported with their line numbers and preserved. Two clients pinning at the same instant can lose one of the
/// two new pins (each rewrites the file); that pin is then simply taken again on the next contact.
/// </summary>
public sealed class KnownServers
{
    /// <summary>A bigger file is not read (thousands of pins fit in far less).</summary>
    public const int MaxFileLength = 1 << 20;

    public KnownServers(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
    }

    /// <summary>The known_servers file.</summary>
    public string FilePath { get; }

    /// <summary>The pins in the file and the lines that are not understood.</summary>
    public (IReadOnlyList<PinnedServerKey> Pins, IReadOnlyList<KnownServersProblem> Problems) ReadAll()
    {
        var pins = new List<PinnedServerKey>();
        var problems = new List<KnownServersProblem>();
        string[] lines = ReadLines();
        for (int i = 0; i < lines.Length; i++)
        {
            ParseLine(lines[i], i + 1, pins, problems);
        }

        return (pins, problems);
    }

    /// <summary>The pins for <paramref name="address"/> (empty when none).</summary>
    public IReadOnlyList<PinnedServerKey> Lookup(string address)
    {
        string key = ValidateAddress(address);
        return [.. ReadAll().Pins.Where(p => p.Address == key)];
    }

    /// <summary>
    /// Checks the key <paramref name="address"/> presented in the handshake. With no pin and no malformed line for the
    /// address, the key is pinned (<see cref="PinOutcome.PinnedNew"/>).
    /// </summary>
    public PinVerification Verify(string address, ReadOnlySpan<byte> presentedPublicKey)
    {
        string key = ValidateAddress(address);
        ServerKeyFingerprint presented = ServerKeyFingerprint.Of(presentedPublicKey);
        (IReadOnlyList<PinnedServerKey> all, IReadOnlyList<KnownServersProblem> problems) = ReadAll();
        PinnedServerKey[] pins = [.. all.Where(p => p.Address == key)];
        KnownServersProblem? problem = problems.FirstOrDefault(p => p.Address == key);
        if (pins.Any(p => p.Fingerprint.Equals(presented)))
        {
            return new PinVerification(PinOutcome.Match, key, presented, pins, null, FilePath);
        }

        if (problem is not null)
        {
            return new PinVerification(PinOutcome.MalformedPin, key, presented, pins, problem, FilePath);
        }

        if (pins.Length > 0)
        {
            return new PinVerification(PinOutcome.Mismatch, key, presented, pins, null, FilePath);
        }

        PinnedServerKey added = Append(key, presented);
        return new PinVerification(PinOutcome.PinnedNew, key, presented, [added], null, FilePath);
    }

    /// <summary>
    /// Pins <paramref name="fingerprint"/> for <paramref name="address"/> explicitly (<c>--server-key</c>), replacing
    /// the address's earlier pins and any malformed line for it. Returns the new pin.
    /// </summary>
    public PinnedServerKey Pin(string address, ServerKeyFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        string key = ValidateAddress(address);
        var kept = new List<string>();
        foreach (string line in ReadLines())
        {
            if (FirstToken(line) != key)
            {
                kept.Add(line);
            }
        }

        kept.Add(FormatLine(key, fingerprint));
        Write(kept);
        return new PinnedServerKey(key, fingerprint, kept.Count);
    }

    /// <summary>Parses a fingerprint given on the command line or in configuration, with a message for the user when it is not one.</summary>
    public static ServerKeyFingerprint ParseFingerprint(string text) =>
        ServerKeyFingerprint.TryParse(text?.Trim(), out ServerKeyFingerprint? fingerprint)
            ? fingerprint
            : throw new FormatException($"'{text}' is not a server key fingerprint: expected {ServerKeyFingerprint.Prefix} followed by 43 base64 characters, as 'udpsuite server key' prints it.");

    private PinnedServerKey Append(string address, ServerKeyFingerprint fingerprint)
    {
        List<string> lines = [.. ReadLines()];
        lines.Add(FormatLine(address, fingerprint));
        Write(lines);
        return new PinnedServerKey(address, fingerprint, lines.Count);
    }

    private static void ParseLine(string line, int lineNumber, List<PinnedServerKey> pins, List<KnownServersProblem> problems)
    {
        string trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return;
        }

        string[] fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 2)
        {
            problems.Add(new KnownServersProblem(lineNumber, $"expected 'ADDRESS {ServerKeyFingerprint.Prefix}...', found {fields.Length} fields", fields[0]));
            return;
        }

        if (!ServerKeyFingerprint.TryParse(fields[1], out ServerKeyFingerprint? fingerprint))
        {
            problems.Add(new KnownServersProblem(lineNumber, $"'{Shorten(fields[1])}' is not a {ServerKeyFingerprint.Prefix} fingerprint", fields[0]));
            return;
        }

        pins.Add(new PinnedServerKey(fields[0], fingerprint, lineNumber));
    }

    private string[] ReadLines()
    {
        try
        {
            using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (stream.Length > MaxFileLength)
            {
                throw new KnownServersException($"{FilePath} is larger than {MaxFileLength} bytes; it is not read.");
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            string content = reader.ReadToEnd();
            if (content.Length == 0)
            {
                return [];
            }

            string[] lines = content.Split('\n');
            return content.EndsWith('\n') ? lines[..^1] : lines;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KnownServersException($"cannot read {FilePath}: {ex.Message}", ex);
        }
    }

    private void Write(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (string line in lines)
        {
            text.Append(line).Append('\n');
        }

        try
        {
            PrivateFiles.EnsureDirectory(Path.GetDirectoryName(FilePath)!);
            PrivateFiles.WriteAllBytesAtomically(FilePath, Encoding.UTF8.GetBytes(text.ToString()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KnownServersException($"cannot write {FilePath}: {ex.Message}", ex);
        }
    }

    private static string FormatLine(string address, ServerKeyFingerprint fingerprint) => $"{address} {fingerprint}";

    private static string? FirstToken(string line)
    {
        string trimmed = line.Trim();
        return trimmed.Length == 0 || trimmed[0] == '#' ? null : trimmed.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0];
    }

    private static string ValidateAddress(string address)
    {
        string trimmed = address?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Any(char.IsWhiteSpace) || trimmed[0] == '#')
        {
            throw new ArgumentException($"'{address}' cannot be a known_servers key: it is empty, starts with '#' or contains white space.", nameof(address));
        }

        return trimmed;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
