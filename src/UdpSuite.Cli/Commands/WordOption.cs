using System.CommandLine;

namespace UdpSuite.Cli.Commands;

/// <summary>
/// An option that takes one of a few words, each naming a value (<c>--set online|away|offline</c>,
/// <c>--wait sent|delivered|read</c>); any other word is a usage error that lists the accepted ones.
/// </summary>
internal sealed class WordOption<T>
    where T : struct
{
    private readonly Dictionary<string, T> _values;

    public WordOption(string name, string description, IEnumerable<(string Word, T Value)> words, string? defaultWord = null)
    {
        _values = words.ToDictionary(w => w.Word, w => w.Value, StringComparer.Ordinal);
        Option = new Option<string>(name) { Description = description };
        if (defaultWord is not null)
        {
            Option.DefaultValueFactory = _ => defaultWord;
        }

        Option.AcceptOnlyFromAmong([.. _values.Keys]);
    }

    public Option<string> Option { get; }

    /// <summary>The value of the word given (or of the default word); null when the option is absent and has no default.</summary>
    public T? GetValue(ParseResult parse) => parse.GetValue(Option) is { } word ? _values[word] : null;
}
