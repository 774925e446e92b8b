using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Documentation;

/// <summary>
/// One Markdown page of the repository (README.md or a page under docs/), parsed by Markdig with GitHub's heading
/// identifiers, so the anchors are the ones GitHub renders.
/// </summary>
public sealed class DocumentationPage
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .Build();

    private DocumentationPage(string path)
    {
        Path = path;
        Text = File.ReadAllText(path);
        var document = Markdown.Parse(Text, Pipeline);
        Anchors = document.Descendants<HeadingBlock>().Select(heading => heading.GetAttributes().Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        Links = document.Descendants<LinkInline>().Select(link => link.Url).OfType<string>().ToArray();
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>The <c>#anchor</c> of every heading.</summary>
    public IReadOnlySet<string> Anchors { get; }

    /// <summary>Every link and image target, as written.</summary>
    public IReadOnlyList<string> Links { get; }

    /// <summary>The path from the repository root, with '/' (what a test's name shows).</summary>
    public string Name => System.IO.Path.GetRelativePath(RepoRoot.Path, Path).Replace('\\', '/');

    public static IEnumerable<string> AllNames() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(RepoRoot.Path, "docs"), "*.md")
            .Prepend(System.IO.Path.Combine(RepoRoot.Path, "README.md"))
            .Select(path => System.IO.Path.GetRelativePath(RepoRoot.Path, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static DocumentationPage Read(string name) => new(System.IO.Path.Combine(RepoRoot.Path, name));
}
