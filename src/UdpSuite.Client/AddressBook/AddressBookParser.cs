using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using UdpSuite.Client.Transport;
using UdpSuite.Protocol.Chat;
using UdpSuite.Protocol.Security;

namespace UdpSuite.Client.AddressBook;

/// <summary>
/// Turns the configuration tree of one <c>contacts.json</c> into an <see cref="AddressBookDocument"/>, checking what
/// <c>contacts.schema.json</c> says: known keys only, objects and arrays where expected, valid account names and
/// server addresses. The configuration tree keeps no JSON types, so "wrong type" means wrong shape (a string where
/// an object or array belongs, or the other way round).
/// </summary>
public static partial class AddressBookParser
{
    private const int MaxNoteLength = 500;
    private const int MaxFormatLength = 1024;
    private static readonly string[] TopLevelKeys = ["$schema", "me", "servers", "contacts", "groups", "time"];

    /// <summary>Reads <paramref name="root"/> (loaded from <paramref name="path"/>); the error names the file and the offending key.</summary>
    public static AddressBookReadResult Parse(IConfiguration root, string path)
    {
        try
        {
            return AddressBookReadResult.Success(ParseOrThrow(root, path));
        }
        catch (AddressBookFormatException ex)
        {
            return AddressBookReadResult.Failure(path, ex.Message);
        }
    }

    private static AddressBookDocument ParseOrThrow(IConfiguration root, string path)
    {
        foreach (IConfigurationSection section in root.GetChildren())
        {
            if (!TopLevelKeys.Contains(section.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new AddressBookFormatException($"unknown key '{section.Key}' (expected one of {string.Join(", ", TopLevelKeys)})");
            }
        }

        IConfigurationSection me = Object(root.GetSection("me"));
        AllowOnly(me, "user");
        string? user = me["user"];
        if (user is not null)
        {
            RequireAccount(user, "me.user");
        }

        IConfigurationSection servers = Object(root.GetSection("servers"));
        AllowOnly(servers, "chat", "time", "sntp", "serverKey");
        var serverSettings = new ServerSettings(Endpoint(servers, "chat"), Endpoint(servers, "time"), Endpoint(servers, "sntp"), Fingerprint(servers, "serverKey"));

        List<Contact> contacts = [];
        foreach (IConfigurationSection entry in Object(root.GetSection("contacts")).GetChildren())
        {
            string where = $"contacts.{entry.Key}";
            Object(entry);
            AllowOnly(entry, "account", "note");
            string account = entry["account"] ?? throw new AddressBookFormatException($"{where}: missing 'account'");
            RequireAccount(account, $"{where}.account");
            string note = Scalar(entry, "note") ?? string.Empty;
            if (note.Length > MaxNoteLength)
            {
                throw new AddressBookFormatException($"{where}.note: longer than {MaxNoteLength} characters");
            }

            contacts.Add(new Contact(entry.Key, account, note));
        }

        List<ContactGroup> groups = [];
        foreach (IConfigurationSection entry in Object(root.GetSection("groups")).GetChildren())
        {
            Object(entry);
            AllowOnly(entry, "members");
            groups.Add(new ContactGroup(entry.Key, Strings(entry.GetSection("members"), $"groups.{entry.Key}.members")));
        }

        IConfigurationSection time = Object(root.GetSection("time"));
        AllowOnly(time, "defaultFormat", "formats", "zones");
        string defaultFormat = Scalar(time, "defaultFormat") ?? TimeSettings.ProtocolDefaultFormat;
        List<string> formats = Strings(time.GetSection("formats"), "time.formats");
        List<string> zones = Strings(time.GetSection("zones"), "time.zones");
        foreach (string format in formats.Append(defaultFormat).Where(f => f.Length > MaxFormatLength))
        {
            throw new AddressBookFormatException($"time: format '{format[..20]}...' is longer than {MaxFormatLength} characters");
        }

        foreach (string zone in zones.Where(z => !ZoneName().IsMatch(z)))
        {
            throw new AddressBookFormatException($"time.zones: '{zone}' is not an IANA zone name");
        }

        if (!formats.Contains(defaultFormat, StringComparer.Ordinal))
        {
            formats.Insert(0, defaultFormat);
        }

        contacts.Sort((a, b) => string.CompareOrdinal(a.DisplayName, b.DisplayName));
        return new AddressBookDocument(path, user, serverSettings, contacts, groups, new TimeSettings(defaultFormat, formats, zones));
    }

    /// <summary>Fails when <paramref name="section"/> holds a plain value where an object belongs.</summary>
    private static IConfigurationSection Object(IConfigurationSection section)
    {
        if (section.Value is { Length: > 0 })
        {
            throw new AddressBookFormatException($"{section.Path.Replace(':', '.')}: expected an object, found the value '{section.Value}'");
        }

        return section;
    }

    private static void AllowOnly(IConfigurationSection section, params string[] keys)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new AddressBookFormatException($"{section.Path.Replace(':', '.')}: unknown key '{child.Key}' (expected {string.Join(", ", keys)})");
            }
        }
    }

    /// <summary>A string member, or null when absent; fails when it is an object or array.</summary>
    private static string? Scalar(IConfigurationSection parent, string key)
    {
        IConfigurationSection section = parent.GetSection(key);
        if (section.GetChildren().Any())
        {
            throw new AddressBookFormatException($"{section.Path.Replace(':', '.')}: expected a string, found an object or array");
        }

        return section.Value;
    }

    private static List<string> Strings(IConfigurationSection section, string where)
    {
        if (section.Value is { Length: > 0 })
        {
            throw new AddressBookFormatException($"{where}: expected an array, found the value '{section.Value}'");
        }

        List<string> values = [];
        foreach (IConfigurationSection item in section.GetChildren())
        {
            if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw new AddressBookFormatException($"{where}: expected an array, found an object");
            }

            if (item.GetChildren().Any() || string.IsNullOrEmpty(item.Value))
            {
                throw new AddressBookFormatException($"{where}[{item.Key}]: expected a non-empty string");
            }

            values.Add(item.Value);
        }

        return values;
    }

    private static void RequireAccount(string account, string where)
    {
        if (!ChatUserName.IsValid(account))
        {
            throw new AddressBookFormatException(
                $"{where}: '{account}' is not a valid account name (1-64 bytes of UTF-8, no control characters, no leading or trailing spaces)");
        }
    }

    private static string? Endpoint(IConfigurationSection servers, string key)
    {
        string? text = Scalar(servers, key);
        if (text is not null && !UdpServerAddress.TryParse(text, 1, out _, out _, out string error))
        {
            throw new AddressBookFormatException($"servers.{key}: {error}");
        }

        return text;
    }

    private static string? Fingerprint(IConfigurationSection servers, string key)
    {
        string? text = Scalar(servers, key);
        if (text is not null && !ServerKeyFingerprint.TryParse(text.Trim(), out _))
        {
            throw new AddressBookFormatException($"servers.{key}: '{text}' is not a server key fingerprint (expected {ServerKeyFingerprint.Prefix} followed by 43 base64 characters, as 'udpsuite server key' prints it)");
        }

        return text?.Trim();
    }

    [GeneratedRegex("^[A-Za-z0-9_+\\-/]+$")]
    private static partial Regex ZoneName();
}
