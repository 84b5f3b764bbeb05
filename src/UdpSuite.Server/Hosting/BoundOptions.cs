namespace UdpSuite.Server.Hosting;

/// <summary>
/// One options class as the server binds it: the configuration section it comes from and how to read its validated
/// value. Registered once per class by <see cref="ServerServiceCollectionExtensions.AddUdpSuiteServer"/>, so
/// <see cref="ServerConfigurationReport"/> lists exactly what is bound.
/// </summary>
public sealed record BoundOptions(string Section, Type OptionsType, Func<IServiceProvider, object> Value);
