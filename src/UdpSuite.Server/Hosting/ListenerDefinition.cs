using UdpSuite.Server.Dispatch;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// One listener the server may run: its name, the configuration key of its port, the configured value and how to
/// get its handler from the service provider. <paramref name="AlsoTcp"/> marks the protocols defined over TCP as well
/// (RFC 868, RFC 867): the same port then also accepts TCP connections and the handler's answer to an empty request
/// is written to each connection.
/// </summary>
public sealed record ListenerDefinition(string Name, string PortKey, string PortText, Func<IServiceProvider, IDatagramHandler> CreateHandler, bool AlsoTcp = false);
