using System.Reflection;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace UdpSuite.Tui.Input;

/// <summary>
/// Creates the Terminal.Gui application with <see cref="WholeCharacterAnsiInput"/> as its terminal input. Terminal.Gui
/// 2.5.0 has no public way to choose the input of the ANSI driver (the application's component factory is set only by
/// an internal constructor, and drivers registered by name are ignored), so the factory goes into that one private
/// field. When a later Terminal.Gui renames it, <see cref="CreateApplication"/> falls back to the library's own input
/// (long CJK pastes may lose characters again) and <c>TerminalInputWorkaroundTests</c> fails, pointing here.
/// </summary>
internal static class TerminalInputWorkaround
{
    internal const string FactoryField = "_componentFactory";

    /// <summary>A new application (call <c>Init()</c> on it) whose ANSI driver reads the terminal through <see cref="WholeCharacterAnsiInput"/>.</summary>
    public static IApplication CreateApplication()
    {
        IApplication app = Application.Create();
        if (!OperatingSystem.IsWindows() && FactoryFieldOf(app) is { } field)
        {
            field.SetValue(app, new AnsiComponentFactory(new WholeCharacterAnsiInput()));
        }

        return app;
    }

    /// <summary>The private field the workaround sets, or null when this Terminal.Gui has none of that name and type.</summary>
    internal static FieldInfo? FactoryFieldOf(IApplication app) =>
        app.GetType().GetField(FactoryField, BindingFlags.Instance | BindingFlags.NonPublic) is { } field && field.FieldType == typeof(IComponentFactory)
            ? field
            : null;
}
