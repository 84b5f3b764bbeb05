using System.Runtime.InteropServices;

namespace UdpSuite.Tui.Tests.History;

/// <summary>
/// Sets the process umask (libc <c>umask(2)</c>) until disposed, then restores the previous one. The umask is
/// process-wide, so tests that change it run in <see cref="UmaskCollection"/>, alone.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed partial class ProcessUmask : IDisposable
{
    private readonly uint _previous;

    private ProcessUmask(uint mask) => _previous = umask(mask);

    /// <summary>Sets the umask written in octal, e.g. "022".</summary>
    public static ProcessUmask Set(string octal) => new(Convert.ToUInt32(octal, 8));

    public void Dispose() => _ = umask(_previous); // returns the mask this test set, nothing to check

    [DllImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in the test project; umask takes and returns a plain integer
    private static extern uint umask(uint mask);
#pragma warning restore SYSLIB1054
}

/// <summary>Tests that change the process umask run one at a time, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class UmaskCollection
{
    public const string Name = "umask";
}
