using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace UdpSuite.PowerShell.Tests;

/// <summary>The outcome of one script run in the real engine: output objects, error/verbose streams, HadErrors.</summary>
public sealed record ScriptRun(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Verbose, bool HadErrors, TimeSpan Elapsed)
{
    public string ErrorText => string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}"));

    public object? Property(int index, string name) => Output[index].Properties[name]?.Value;
}

/// <summary>
/// Hosts the real PowerShell engine (System.Management.Automation) with only the Core cmdlets
/// (<see cref="InitialSessionState.CreateDefault2"/>), imports scripts/UdpSuite.psd1 and runs scripts in a fresh runspace.
/// </summary>
public static class ModuleHost
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ManifestPath => Path.Combine(RepositoryRoot, "scripts", "UdpSuite.psd1");

    public static string ScriptsDirectory => Path.Combine(RepositoryRoot, "scripts");

    /// <summary>Runs <paramref name="script"/> after Import-Module; <paramref name="variables"/> become script variables.</summary>
    public static ScriptRun Run(string script, IReadOnlyDictionary<string, object?>? variables = null)
    {
        using Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        foreach ((string name, object? value) in variables ?? new Dictionary<string, object?>())
        {
            runspace.SessionStateProxy.SetVariable(name, value);
        }

        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", ManifestPath).AddParameter("Force").AddParameter("ErrorAction", "Stop");
        ps.Invoke();
        Assert.False(ps.HadErrors, "Import-Module failed: " + string.Join("\n", ps.Streams.Error));
        ps.Commands.Clear();
        ps.AddScript(script);

        // Elapsed covers the script only, not the module import (slow on a cold engine).
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Collection<PSObject> output = ps.Invoke();
        stopwatch.Stop();
        return new ScriptRun(output, [.. ps.Streams.Error], [.. ps.Streams.Verbose.Select(v => v.Message)], ps.HadErrors, stopwatch.Elapsed);
    }

    /// <summary>A run that must succeed without any error record.</summary>
    public static ScriptRun RunOk(string script, IReadOnlyDictionary<string, object?>? variables = null)
    {
        ScriptRun run = Run(script, variables);
        Assert.False(run.HadErrors, run.ErrorText);
        Assert.Empty(run.Errors);
        return run;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "UdpSuite.psd1")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/UdpSuite.psd1 not found above " + AppContext.BaseDirectory);
    }
}
