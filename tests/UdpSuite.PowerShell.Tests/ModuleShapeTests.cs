using System.Management.Automation.Language;

namespace UdpSuite.PowerShell.Tests;

/// <summary>The module as a module: manifest, exports, advanced functions, the Core-only guard and Get-Help.</summary>
public class ModuleShapeTests
{
    public static readonly string[] ExportedFunctions =
    [
        "Send-UdpDatagram", "Get-UdpTime", "Get-SntpTime", "Get-Rfc868Time", "Get-DaytimeText",
        "Find-UdpSuiteServer", "Test-UdpSuiteServer", "Register-UdpSuiteAccount", "Send-UdpSuiteMessage", "Receive-UdpSuiteMessage", "ConvertFrom-UdpSuiteMessageJson",
    ];

    public static TheoryData<string> Functions() => [.. ExportedFunctions];

    [Fact]
    public void Native_helper_libpsl_native_is_in_the_test_output()
    {
        // Microsoft.PowerShell.Native (a dependency of System.Management.Automation) puts it under runtimes/<rid>/native;
        // the engine loads it through the deps.json probing paths.
        string[] found = Directory.GetFiles(AppContext.BaseDirectory, "libpsl-native.so", SearchOption.AllDirectories);
        Assert.Contains(found, f => f.Replace('\\', '/').EndsWith("/runtimes/linux-x64/native/libpsl-native.so", StringComparison.Ordinal));
    }

    [Fact]
    public void Manifest_is_valid_and_exports_exactly_the_public_functions()
    {
        ScriptRun run = ModuleHost.RunOk("""
            $m = Test-ModuleManifest -Path $ManifestPath
            $m.Version.ToString()
            [string]$m.PowerShellVersion
            $m.Guid.ToString()
            ($m.ExportedFunctions.Keys) -join ','
            (Get-Command -Module UdpSuite | ForEach-Object Name) -join ','
            (Get-Command -Module UdpSuite | Where-Object { $_.CommandType -ne 'Function' }).Count
            """, new Dictionary<string, object?> { ["ManifestPath"] = ModuleHost.ManifestPath });
        string expected = string.Join(',', ExportedFunctions.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal("0.1.0", run.Output[0].ToString());
        Assert.Equal("5.1", run.Output[1].ToString());
        Assert.True(Guid.TryParse(run.Output[2].ToString(), out _));
        // Sort-Object is not in this host: the lists are sorted here.
        Assert.Equal(expected.Split(',').Order(StringComparer.OrdinalIgnoreCase), run.Output[3].ToString()!.Split(',').Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(expected.Split(',').Order(StringComparer.OrdinalIgnoreCase), run.Output[4].ToString()!.Split(',').Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(0, (int)run.Output[5].BaseObject);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Every_function_is_an_advanced_function_with_validated_typed_parameters(string name)
    {
        ScriptRun run = ModuleHost.RunOk("""
            $c = Get-Command $Name -Module UdpSuite
            $c.CmdletBinding
            foreach ($p in $c.Parameters.Values) {
                if ([System.Management.Automation.Cmdlet]::CommonParameters -contains $p.Name) { continue }
                if ([System.Management.Automation.Cmdlet]::OptionalCommonParameters -contains $p.Name) { continue }
                '{0}|{1}|{2}' -f $p.Name, $p.ParameterType.FullName, (($p.Attributes | ForEach-Object { $_.GetType().Name }) -join ',')
            }
            """, new Dictionary<string, object?> { ["Name"] = name });
        Assert.True((bool)run.Output[0].BaseObject, $"{name} has no [CmdletBinding()]");
        foreach (string line in run.Output.Skip(1).Select(o => o.ToString()))
        {
            string[] parts = line.Split('|');
            Assert.NotEqual("System.Object", parts[1]);
            if (parts[0].EndsWith("Port", StringComparison.Ordinal))
            {
                Assert.Contains("ValidateRangeAttribute", parts[2]);
            }
        }
    }

    [Fact]
    public void Module_calls_only_commands_it_defines_or_this_Core_only_host_has()
    {
        string[] files = Directory.GetFiles(ModuleHost.ScriptsDirectory, "*.ps*1", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".ps1", StringComparison.Ordinal) || f.EndsWith(".psm1", StringComparison.Ordinal)).ToArray();
        Assert.True(files.Length >= 10, "module files not found");
        var defined = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var called = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string file in files)
        {
            ScriptBlockAst ast = Parser.ParseFile(file, out _, out ParseError[] errors);
            Assert.True(errors.Length == 0, $"{file}: {string.Join("; ", errors.Select(e => e.ToString()))}");
            foreach (FunctionDefinitionAst function in ast.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>())
            {
                defined.Add(function.Name);
            }

            foreach (CommandAst command in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>())
            {
                string? commandName = command.GetCommandName();
                Assert.True(commandName is not null || command.InvocationOperator == TokenKind.Dot,
                    $"{file}:{command.Extent.StartLineNumber}: dynamic command name '{command.Extent.Text}' cannot be checked");
                if (commandName is not null)
                {
                    called.TryAdd(commandName, $"{Path.GetFileName(file)}:{command.Extent.StartLineNumber}");
                }
            }
        }

        var external = called.Keys.Where(c => !defined.Contains(c)).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        ScriptRun run = ModuleHost.Run("""
            foreach ($n in $Names) {
                $c = Get-Command -Name $n -CommandType Cmdlet, Function -ErrorAction SilentlyContinue
                if ($null -eq $c) { $n } elseif ($c.Source -ne 'Microsoft.PowerShell.Core' -and $c.Source -ne 'UdpSuite') { '{0} (from {1})' -f $n, $c.Source }
            }
            """, new Dictionary<string, object?> { ["Names"] = external });
        Assert.Empty(run.Errors);
        var missing = run.Output.Select(o => o.ToString()).ToArray();
        Assert.True(missing.Length == 0,
            "the module calls commands this host lacks: " + string.Join(", ", missing.Select(m => $"{m} at {called[m.Split(' ')[0]]}")));
        // The guard must really see the module's own calls (not an empty list because parsing found nothing).
        Assert.Contains("Invoke-UdpSuiteExchange", called.Keys);
        Assert.Contains("ForEach-Object", external);
    }

    [Fact]
    public void Guard_notices_a_command_this_host_lacks()
    {
        ScriptRun run = ModuleHost.Run("""
            foreach ($n in 'Write-Output', 'Get-Date', 'Select-Object', 'New-Object', 'Start-Sleep', 'ForEach-Object', 'Import-Module') {
                '{0}={1}' -f $n, ($null -ne (Get-Command -Name $n -CommandType Cmdlet, Function -ErrorAction SilentlyContinue))
            }
            """);
        string[] lines = [.. run.Output.Select(o => o.ToString())];
        Assert.Contains("Write-Output=False", lines);
        Assert.Contains("Get-Date=False", lines);
        Assert.Contains("New-Object=False", lines);
        Assert.Contains("ForEach-Object=True", lines);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Get_Help_Full_has_synopsis_description_parameters_examples_and_outputs(string name)
    {
        ScriptRun run = ModuleHost.RunOk("""
            $h = Get-Help $Name -Full
            [string]$h.Synopsis
            [string](($h.Description | ForEach-Object { $_.Text }) -join ' ')
            @($h.Examples.Example).Count
            (@($h.Examples.Example | ForEach-Object { $_.Code }) -join "`n")
            [string](($h.ReturnValues.ReturnValue | ForEach-Object { $_.Type.Name }) -join ' ')
            $documented = @{}
            foreach ($p in @($h.Parameters.Parameter)) { $documented[$p.Name] = [string](($p.Description | ForEach-Object { $_.Text }) -join ' ') }
            $c = Get-Command $Name -Module UdpSuite
            foreach ($p in $c.Parameters.Keys) {
                if ([System.Management.Automation.Cmdlet]::CommonParameters -contains $p -or [System.Management.Automation.Cmdlet]::OptionalCommonParameters -contains $p) { continue }
                '{0}={1}' -f $p, $documented[$p]
            }
            """, new Dictionary<string, object?> { ["Name"] = name });
        string synopsis = run.Output[0].ToString();
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.False(synopsis.TrimStart().StartsWith(name, StringComparison.OrdinalIgnoreCase), $"{name}: no comment-based help (synopsis is the syntax line)");
        Assert.True(run.Output[1].ToString().Length > 80, $"{name}: description too short: {run.Output[1]}");
        Assert.True((int)run.Output[2].BaseObject >= 2, $"{name}: fewer than two examples");
        Assert.Contains(name, run.Output[3].ToString());
        Assert.Contains("UdpSuite.", run.Output[4].ToString());
        foreach (string parameter in run.Output.Skip(5).Select(o => o.ToString()))
        {
            Assert.False(parameter.EndsWith('='), $"{name}: parameter {parameter.TrimEnd('=')} has no .PARAMETER help");
        }
    }
}
