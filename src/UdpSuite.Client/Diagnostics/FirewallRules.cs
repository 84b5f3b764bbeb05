using System.Globalization;
using System.Text.RegularExpressions;

namespace UdpSuite.Client.Diagnostics;

/// <summary>
/// Finds, in a firewall listing (<c>nft list ruleset</c> or <c>iptables -S</c>), the rules that would drop or reject
/// traffic to the given ports, and input chains whose policy is to drop. Read-only and pure: the caller runs the
/// listing. It reads rules the way a person skimming them would (a rule naming the port and a drop/reject verdict);
/// it does not evaluate rule order, sets or jumps, and says so in its hint.
/// </summary>
public static partial class FirewallRules
{
    /// <summary>The lines of <paramref name="listing"/> that block one of <paramref name="ports"/>, or drop by policy.</summary>
    public static IReadOnlyList<string> FindBlocking(string listing, IReadOnlyCollection<int> ports)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(ports);
        var found = new List<string>();
        foreach (string raw in listing.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (InputPolicyDrop().IsMatch(line))
            {
                found.Add(line);
                continue;
            }

            if (!DropVerdict().IsMatch(line))
            {
                continue;
            }

            foreach (Match match in DestinationPort().Matches(line))
            {
                if (NamesAnyPort(match.Groups["ports"].Value, ports))
                {
                    found.Add(line);
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>True when a port expression (<c>8081</c>, <c>8000-9000</c>, <c>8000:9000</c>, <c>{ 123, 8081 }</c>, <c>123,8081</c>) covers one of the ports.</summary>
    private static bool NamesAnyPort(string expression, IReadOnlyCollection<int> ports)
    {
        foreach (string part in expression.Trim('{', '}', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] range = part.Split('-', ':');
            if (range.Length is 1 or 2
                && int.TryParse(range[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int low)
                && int.TryParse(range[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int high)
                && ports.Any(port => port >= low && port <= high))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"(\bdrop\b|\breject\b|-j (DROP|REJECT)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex DropVerdict();

    [GeneratedRegex(@"(dport|--dports?)\s+(?<ports>\{[^}]*\}|[0-9][0-9,:\-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex DestinationPort();

    [GeneratedRegex(@"(^-P INPUT DROP\b)|(hook input\b.*\bpolicy drop\b)", RegexOptions.IgnoreCase)]
    private static partial Regex InputPolicyDrop();
}
