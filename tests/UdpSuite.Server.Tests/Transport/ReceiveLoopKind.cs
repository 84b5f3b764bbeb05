namespace UdpSuite.Server.Tests.Transport;

/// <summary>The two interchangeable receive loops, for tests that must hold for both.</summary>
public enum ReceiveLoopKind
{
    Portable,
    LinuxBatched,
}
