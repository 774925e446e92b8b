using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Hostile;

/// <summary>The corpus file is what the generator makes, and it holds every kind of hostile request issue 19 names.</summary>
public sealed class HostileCorpusFileTests
{
    public static string CorpusPath => Path.Combine(RepoRoot.Path, "GeminiBalance.Tests", "Hostile", HostileCorpus.FileName);

    [Fact]
    public void TheGeneratorStillProducesTheCorpusInTheRepository()
    {
        var generated = HostileCorpus.ToJsonLines(HostileCorpus.Generate());
        if (Environment.GetEnvironmentVariable("HOSTILE_CORPUS_WRITE") == "1")
        {
            File.WriteAllText(CorpusPath, generated);
        }

        Assert.True(generated == File.ReadAllText(CorpusPath), $"{HostileCorpus.FileName} differs from what HostileCorpus generates; run with HOSTILE_CORPUS_WRITE=1 to rewrite it.");
    }

    [Fact]
    public void TheCorpusCoversEveryKindOfRequestTheIssueNames()
    {
        var names = HostileCorpus.Parse(File.ReadAllText(CorpusPath)).Select(request => request.Name).ToArray();
        foreach (var kind in new[] { "truncated", "json-null", "json-array", "json-string", "json-number", "deep-nesting", "huge-string", "huge-array", "invalid-utf8", "duplicate-keys", "out-of-range", "unknown-enum", "id-traversal", "id-encoded-slash" })
        {
            Assert.Contains(names, name => name.Contains(kind, StringComparison.Ordinal));
        }
    }
}
