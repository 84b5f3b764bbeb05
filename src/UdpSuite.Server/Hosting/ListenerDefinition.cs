using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// One listener the server may run: its name, the configuration key of its port, the configured value and how to
/// get its handler from the service provider.
/// </summary>
public sealed record ListenerDefinition(string Name, string PortKey, string PortText, Func<IServiceProvider, IDatagramHandler> CreateHandler);
