using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// What <c>udpsuite server --print-config</c> prints: every key of every bound options class (<see cref="BoundOptions"/>)
/// with its effective value and where that value came from — <c>default</c> (the property initializer),
/// <c>appsettings.json</c>, <c>environment</c> or <c>command line</c> (the last source that sets the key wins, as in
/// binding).
/// </summary>
public static class ServerConfigurationReport
{
    /// <summary>Where a key set by no source gets its value.</summary>
    public const string DefaultSource = "default";

    /// <summary>One line per key, <c>Section:Key = value (source)</c>, in registration then declaration order.</summary>
    public static IReadOnlyList<string> Lines(IServiceProvider services, IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var lines = new List<string>();
        foreach (BoundOptions bound in services.GetServices<BoundOptions>())
        {
            object value = bound.Value(services);
            foreach (PropertyInfo property in bound.OptionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.SetMethod is not { IsPublic: true })
                {
                    continue; // computed, not bound
                }

                string key = $"{bound.Section}:{property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name}";
                lines.Add($"{key} = {Format(property.GetValue(value))} ({SourceOf(configuration, key)})");
            }
        }

        return lines;
    }

    /// <summary>The name of the last provider that sets <paramref name="key"/>, or <see cref="DefaultSource"/>.</summary>
    public static string SourceOf(IConfigurationRoot configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (IConfigurationProvider provider in configuration.Providers.Reverse())
        {
            if (provider.TryGet(key, out _))
            {
                return provider switch
                {
                    JsonConfigurationProvider json => Path.GetFileName(json.Source.Path) ?? "json",
                    EnvironmentVariablesConfigurationProvider => "environment",
                    // ServerHostBuilder's only in-memory source is the command line's overrides.
                    MemoryConfigurationProvider => "command line",
                    _ => provider.ToString() ?? provider.GetType().Name,
                };
            }
        }

        return DefaultSource;
    }

    private static string Format(object? value) => value switch
    {
        null => "\"\"",
        string text => text.Length == 0 ? "\"\"" : text,
        bool flag => flag ? "true" : "false",
        TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
