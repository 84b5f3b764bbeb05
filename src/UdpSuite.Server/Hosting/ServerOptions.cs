namespace UdpSuite.Server.Hosting;

/// <summary>
/// The <c>Server</c> configuration section (appsettings.json, <c>UDPSUITE_Server__*</c> environment variables,
/// command line, later sources winning); the defaults are these property initializers. Ports are strings: a number
/// 1..65535, <c>0</c> for an ephemeral port, or <c>off</c> to disable the listener. Defaults are unprivileged ports; the
/// standard ones (123, 37, 13) work when configured and the process may bind them. Checked by
/// <see cref="ServerOptionsValidator"/> at start-up.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>Most receive loops per listener.</summary>
    public const int MaxLoopsPerListener = 64;

    /// <summary>Highest <see cref="TcpConnectionLimit"/>.</summary>
    public const int MaxTcpConnectionLimit = 4096;

    /// <summary>Time-text protocol port (default 9000, the classic time server's).</summary>
    public string TimePort { get; set; } = "9000";

    /// <summary>SNTP port (default 1123; standard 123).</summary>
    public string NtpPort { get; set; } = "1123";

    /// <summary>RFC 868 Time port (default 1037; standard 37).</summary>
    public string Rfc868Port { get; set; } = "1037";

    /// <summary>RFC 867 Daytime port (default 1013; standard 13).</summary>
    public string DaytimePort { get; set; } = "1013";

    /// <summary>Chat relay port (default 8081, the classic QQ-demo port).</summary>
    public string ChatPort { get; set; } = "8081";

    /// <summary>LAN discovery port (default 8082): answers DISCOVER probes, broadcast or unicast, with the server's name and ports.</summary>
    public string DiscoveryPort { get; set; } = "8082";

    /// <summary>
    /// TCP port of the Prometheus metrics endpoint (<c>http://MetricsBind:PORT/metrics</c>, OpenTelemetry's exporter):
    /// <c>off</c> by default, <c>0</c> for an ephemeral port, or a number.
    /// </summary>
    public string MetricsPort { get; set; } = "off";

    /// <summary>Address the metrics endpoint binds (default 127.0.0.1: counters are for this machine's scraper unless configured otherwise).</summary>
    public string MetricsBind { get; set; } = "127.0.0.1";

    /// <summary>Directory of the chat store (<c>chat.db</c>); empty means <c>udpsuite</c> under the user's local application data. Created when missing.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Name the chat listener gives in PROBE_REPLY and the discovery listener in DISCOVER_REPLY; empty means the host name.</summary>
    public string? ServerName { get; set; }

    /// <summary>Address every listener binds (default 0.0.0.0: a LAN server; <c>::</c> serves IPv6 and IPv4).</summary>
    public string Bind { get; set; } = "0.0.0.0";

    /// <summary>IANA id of the server's default zone; empty means the host's zone.</summary>
    public string? Zone { get; set; }

    /// <summary>Most compiled strftime formats kept (a flood of distinct formats can't grow memory past this).</summary>
    public int FormatCacheSize { get; set; } = 1024;

    /// <summary>Receive loops per listener (1..<see cref="MaxLoopsPerListener"/>); above 1 each gets its own SO_REUSEPORT socket on Linux.</summary>
    public int LoopsPerListener { get; set; } = 1;

    /// <summary>
    /// Linux: receive and send in batches with recvmmsg/sendmmsg on a dedicated thread per loop (Transport/LinuxBatchedReceiveLoop;
    /// default true: about 5x the replies/s of the portable path on a 2-core machine, docs/BENCHMARKS.md). False, or any
    /// other OS, runs the portable async path.
    /// </summary>
    public bool BatchedIo { get; set; } = true;

    /// <summary>
    /// Most TCP connections served at once per RFC 868 / RFC 867 listener (default 64; 0 = UDP only). Those protocols
    /// are defined over TCP too (plain <c>rdate HOST</c> and <c>busybox rdate</c> only speak TCP), so their ports also
    /// accept TCP; a connection beyond the limit is closed at once.
    /// </summary>
    public int TcpConnectionLimit { get; set; } = 64;

    /// <summary>Longest a TCP time connection may take to be written and closed by the client (default 2 s); then it is cut.</summary>
    public TimeSpan TcpTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>SO_RCVBUF of each listener socket in bytes (default 1 MiB, capped by the kernel's rmem_max; 0 = OS default).</summary>
    public int SocketReceiveBufferBytes { get; set; } = 1024 * 1024;
}
