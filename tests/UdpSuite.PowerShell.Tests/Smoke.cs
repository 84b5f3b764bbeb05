using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace UdpSuite.PowerShell.Tests;

public class Smoke
{
    [Fact]
    public void EngineRuns()
    {
        using var ps = System.Management.Automation.PowerShell.Create(InitialSessionState.CreateDefault2());
        ps.AddScript("1 + 1");
        Assert.Equal(2, (int)ps.Invoke()[0].BaseObject);
    }
}
