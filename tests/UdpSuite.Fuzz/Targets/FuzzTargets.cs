namespace UdpSuite.Fuzz.Targets;

/// <summary>The decoder families, by command-line name.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<string> Names { get; } = ["timetext", "sntp", "rfc868", "chat", "reassembly", "contacts", "ipmsg"];

    public static IFuzzTarget Create(string name) => name switch
    {
        "timetext" => new TimeTextTarget(),
        "sntp" => new SntpTarget(),
        "rfc868" => new Rfc868Target(),
        "chat" => new ChatTarget(),
        "reassembly" => new ReassemblyTarget(),
        "contacts" => new ContactsTarget(),
        "ipmsg" => new IpMsgTarget(),
        _ => throw new ArgumentException($"unknown fuzz target '{name}' (expected one of {string.Join(", ", Names)})", nameof(name)),
    };
}
