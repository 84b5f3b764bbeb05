using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace UdpSuite.Server.Hosting;

/// <summary>
/// Binds and validates every server options class now — the checks <c>ValidateOnStart</c> would run when the host
/// starts — so the command line can report bad configuration as one line before anything starts.
/// </summary>
public static class ServerConfigurationCheck
{
    /// <summary>Null when the configuration is valid; otherwise one line naming each bad key and its value.</summary>
    public static string? FindError(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            return string.Join("; ", ex.InnerExceptions.Select(inner => inner.Message));
        }
        catch (InvalidOperationException ex)
        {
            // Binding is all that runs here besides the validators (which return failures rather than throw): this is a
            // value that does not convert to its property's type, and the binder's message names the key and the value.
            return ex.Message;
        }
    }
}
