using UdpSuite.Fuzz.Targets;

namespace UdpSuite.Fuzz.Tests;

/// <summary>
/// Every input kept under tests/UdpSuite.Fuzz/corpus/&lt;family&gt; (seeds and what the fuzz runs added) and every
/// crash or property failure ever found, kept under tests/UdpSuite.Fuzz/regressions/&lt;family&gt;, goes through the
/// family's target again: none may throw or break a property.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string> Families() => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Families))]
    public void Corpus_and_regression_inputs_pass_the_target(string family)
    {
        string[] files = [.. Inputs("corpus", family), .. Inputs("regressions", family)];
        Assert.NotEmpty(files);
        IFuzzTarget target = FuzzTargets.Create(family);
        try
        {
            List<string> failures = [];
            foreach (string file in files)
            {
                try
                {
                    target.Run(File.ReadAllBytes(file));
                }
                catch (Exception ex)
                {
                    failures.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
                }
            }

            Assert.True(failures.Count == 0, string.Join('\n', failures));
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Built_in_seeds_are_in_the_committed_corpus(string family)
    {
        IFuzzTarget target = FuzzTargets.Create(family);
        try
        {
            HashSet<string> corpus = [.. Inputs("corpus", family).Select(f => Convert.ToHexString(File.ReadAllBytes(f)))];
            Assert.All(target.Seeds(), seed => Assert.Contains(Convert.ToHexString(seed), corpus));
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    private static IEnumerable<string> Inputs(string kind, string family)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, kind, family);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal) : [];
    }
}
