using System.Text.RegularExpressions;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Documentation;

/// <summary>
/// The repository explains itself: every relative link in README.md and docs/ reaches a file and, when it names one,
/// a heading of that file; the code's citations of the wire-format reference name sections that exist; and nothing
/// points at files outside the repository, which a clone would not have.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Pages() => [.. DocumentationPage.AllNames()];

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLink_ReachesAFileAndItsAnchor(string name)
    {
        var page = DocumentationPage.Read(name);
        var broken = new List<string>();

        foreach (var link in page.Links.Where(link => !IsExternal(link)))
        {
            var (file, anchor) = Split(link);
            var target = file.Length == 0 ? page.Path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page.Path)!, Uri.UnescapeDataString(file)));
            if (!target.StartsWith(RepoRoot.Path, StringComparison.Ordinal) || !(File.Exists(target) || Directory.Exists(target)))
            {
                broken.Add($"{link}: no such file in the repository");
            }
            else if (anchor is not null && !(target.EndsWith(".md", StringComparison.Ordinal) && DocumentationPage.Read(Path.GetRelativePath(RepoRoot.Path, target)).Anchors.Contains(anchor)))
            {
                broken.Add($"{link}: no heading with that anchor");
            }
        }

        Assert.True(broken.Count == 0, $"{name}:\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void CodeComments_CiteWireFormatSectionsThatExist()
    {
        var anchors = DocumentationPage.Read("docs/protocols.md").Anchors;
        var cited = SourceFiles("*.cs")
            .SelectMany(path => ProtocolCitation().Matches(File.ReadAllText(path)).Select(match => (path, match)))
            .SelectMany(pair => pair.match.Groups["anchor"].Captures.Select(anchor => (pair.path, anchor: anchor.Value)))
            .ToArray();

        Assert.NotEmpty(cited);
        Assert.All(cited, citation => Assert.True(anchors.Contains(citation.anchor), $"{citation.path} cites docs/protocols.md#{citation.anchor}, which has no such heading"));
    }

    [Fact]
    public void NothingReferstoFilesOutsideTheRepository()
    {
        var outside = SourceFiles("*")
            .Where(path => Path.GetFileName(path) != $"{nameof(DocumentationLinkTests)}.cs")
            .Where(path => OutsidePath().IsMatch(File.ReadAllText(path)))
            .Select(path => Path.GetRelativePath(RepoRoot.Path, path))
            .ToArray();

        Assert.Empty(outside);
    }

    private static bool IsExternal(string link) => link.Contains("://", StringComparison.Ordinal) || link.StartsWith("mailto:", StringComparison.Ordinal);

    private static (string File, string? Anchor) Split(string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (link, null) : (link[..hash], link[(hash + 1)..]);
    }

    /// <summary>The repository's own text files: code, scripts, Bicep, settings and pages, not build output or packages.</summary>
    private static IEnumerable<string> SourceFiles(string pattern)
    {
        string[] skipped = ["bin", "obj", "node_modules", ".git", ".azurite", "bench"];
        return Directory.EnumerateFiles(RepoRoot.Path, pattern, SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(RepoRoot.Path, path).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Where(path => Path.GetExtension(path) is ".cs" or ".md" or ".sh" or ".ps1" or ".bicep" or ".json" or ".js" or ".mjs" or ".ts" or ".html" or ".css" or ".props" or ".csproj" or "");
    }

    // "docs/protocols.md#gemini-request, #pitfalls item 6": the first anchor and those listed after it.
    [GeneratedRegex(@"docs/protocols\.md#(?<anchor>[a-z0-9-]+)(?:[^#)\n]{0,30}?[,;] #(?<anchor>[a-z0-9-]+))*")]
    private static partial Regex ProtocolCitation();

    [GeneratedRegex(@"\.\./shared\b|/work/shared\b|shared/reference/|shared/docs/")]
    private static partial Regex OutsidePath();
}
