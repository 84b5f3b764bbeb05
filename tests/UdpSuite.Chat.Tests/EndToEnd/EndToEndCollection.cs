namespace UdpSuite.Chat.Tests.EndToEnd;

/// <summary>The end-to-end tests start real server processes and measure time: they run one after another, not in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "chat end-to-end";
}
