using System.Text;
using System.Text.Json;
using GeminiBalance.Files;

namespace GeminiBalance.Tests.Files;

public sealed class FileReferencesTests
{
    [Theory]
    [InlineData("files/abc-123", "abc-123")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/files/abc-123", "abc-123")]
    [InlineData("https://generativelanguage.googleapis.com/v1/files/abc", "abc")]
    [InlineData("https://www.youtube.com/watch?v=abc", null)]
    [InlineData("https://example.com/v1beta/files/abc", null)]
    [InlineData("gs://bucket/files/abc", null)]
    [InlineData("https://generativelanguage.googleapis.com/v2/files/abc", null)]
    [InlineData("files/ABC", null)]
    [InlineData("files/-abc", null)]
    [InlineData("files/abc/more", null)]
    [InlineData("file-abc", null)]
    public void IdOf_AcceptsOnlyFilesApiNames(string reference, string? id) => Assert.Equal(id, GeminiFileName.IdOf(reference));

    [Fact]
    public void IdOf_IdsLongerThan40CharactersAreNotFileNames() =>
        Assert.Null(GeminiFileName.IdOf("files/" + new string('a', 41)));

    [Fact]
    public void Find_EveryDistinctFileInEitherSpellingAndAtAnyDepth()
    {
        var body = """
            {"systemInstruction":{"parts":[{"fileData":{"fileUri":"files/sys"}}]},
             "contents":[{"parts":[{"text":"fileUri files/not-this"},{"file_data":{"mime_type":"image/png","file_uri":"https://generativelanguage.googleapis.com/v1beta/files/a"}}]},
                         {"parts":[{"fileData":{"fileUri":"files/a"}},{"fileData":{"fileUri":"https://youtu.be/x"}}]}]}
            """;

        Assert.Equal(["sys", "a"], FileReferences.Find(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Find_FieldNamesHiddenBehindEscapesAreStillFound()
    {
        var body = """{"contents":[{"parts":[{"file\u0044ata":{"file\u0055ri":"files/hidden"}}]}]}""";

        Assert.True(FileReferences.MayBeIn(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(["hidden"], FileReferences.Find(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Find_AFileUriOutsideFileDataIsNotAFile()
    {
        var body = """{"contents":[{"parts":[{"functionCall":{"name":"f","args":{"fileUri":"files/arg"}}}]}]}""";

        Assert.Null(FileReferences.Find(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("""{"contents":[{"parts":[{"text":"files/abc is a file"}]}]}""")]
    [InlineData("""{"contents":[{"parts":[{"inlineData":{"mimeType":"image/png","data":"ri+/fileUri0file_uri0A="}}]}]}""")]
    public void MayBeIn_RequestsWithoutFileFieldsAreNotParsed(string body) =>
        Assert.False(FileReferences.MayBeIn(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Find_LenientJsonNamingAFileIsRefusedRatherThanGuessed()
    {
        var body = "{'contents':[{'parts':[{'file_data':{'file_uri':'files/x'}}]}]}"u8.ToArray();

        Assert.True(FileReferences.MayBeIn(body));
        Assert.ThrowsAny<JsonException>(() => FileReferences.Find(body));
    }

    [Fact]
    public void Find_BrokenJsonWithoutAFileFieldIsLeftToTheUpstream() =>
        Assert.Null(FileReferences.Find("""{"contents": "caf\u00e9" oops"""u8));
}
