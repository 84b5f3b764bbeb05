using System.Xml.Linq;

namespace UdpSuite.PowerShell.Tests;

/// <summary>
/// Issue 19, item 5: UdpSuite.ChatMessage objects keep the exact text, and the module's format views show names and
/// text neutralised. This host has no Out-String or Format-Table (Core cmdlets only), so every script block of the
/// format file runs here against a hostile message, the way the formatter runs it.
/// </summary>
public sealed class SafeDisplayTests
{
    private const string HostileJson =
        """{"type":"message","id":"0f8e","from":"ev\u202eil","to":"bob","text":"a\u001b[2Jb \u001b]0;pwned\u0007 \u202eevil\r\nline2","sentAt":"2026-11-24T01:02:03.456Z","sequence":1}""";

    private static string FormatPath => Path.Combine(ModuleHost.ScriptsDirectory, "UdpSuite.Format.ps1xml");

    [Fact]
    public void The_manifest_loads_the_format_file_and_the_object_keeps_the_exact_text()
    {
        ScriptRun run = ModuleHost.RunOk("""
            (Test-ModuleManifest -Path $ManifestPath).ExportedFormatFiles | ForEach-Object { [System.IO.Path]::GetFileName($_) }
            ($Json | ConvertFrom-UdpSuiteMessageJson).Text
            """, new Dictionary<string, object?> { ["ManifestPath"] = ModuleHost.ManifestPath, ["Json"] = HostileJson });

        Assert.Equal("UdpSuite.Format.ps1xml", run.Output[0].ToString());
        Assert.Equal("a\u001b[2Jb \u001b]0;pwned\u0007 \u202eevil\r\nline2", run.Output[1].ToString());
    }

    [Fact]
    public void Every_view_of_a_message_shows_its_names_and_text_inert()
    {
        XDocument format = XDocument.Load(FormatPath);
        string[] blocks = [.. format.Descendants("ScriptBlock").Select(e => e.Value)];
        Assert.Equal(6, blocks.Length); // table: From, To, Text; list: From, To, Text

        ScriptRun run = ModuleHost.RunOk("""
            $message = $Json | ConvertFrom-UdpSuiteMessageJson
            foreach ($block in $Blocks) { $message | ForEach-Object ([scriptblock]::Create($block)) }
            """, new Dictionary<string, object?> { ["Json"] = HostileJson, ["Blocks"] = blocks });

        string[] shown = [.. run.Output.Select(o => o.ToString())];
        Assert.Equal([@"ev\u202eil", "bob", @"a\x1b[2Jb \x1b]0;pwned\x07 \u202eevil\x0d\x0aline2"], shown[..3]);
        Assert.Equal(shown[..3], shown[3..]);
    }
}
