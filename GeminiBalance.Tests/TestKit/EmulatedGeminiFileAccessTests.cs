using System.Net;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;

namespace GeminiBalance.Tests.TestKit;

/// <summary>The emulator refuses a file to every key but its owner's, as Google does (docs/protocols.md#files-api).</summary>
public sealed class EmulatedGeminiFileAccessTests : EmulatedGeminiFixture
{
    private const string Flash = "/v1beta/models/gemini-2.5-flash";
    private const string OtherKey = "other-key";

    private static string WithFile(string uri) =>
        $$$"""{"contents":[{"role":"user","parts":[{"text":"describe"},{"fileData":{"mimeType":"image/png","fileUri":"{{{uri}}}"}}]}]}""";

    [Theory]
    [InlineData("generateContent", "https://generativelanguage.googleapis.com/v1beta/files/owned-1")]
    [InlineData("streamGenerateContent?alt=sse", "files/owned-1")]
    [InlineData("countTokens", "https://generativelanguage.googleapis.com/v1/files/owned-1")]
    public async Task OwnerKeyMayUseItsFile(string action, string uri)
    {
        Gemini.AddFile(new EmulatedFile("owned-1", GoodKey, "image/png", 10, DateTimeOffset.UtcNow.AddHours(1)));

        using var response = await Http.SendAsync(Post($"{Flash}:{action}", WithFile(uri), GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("generateContent")]
    [InlineData("streamGenerateContent?alt=sse")]
    [InlineData("countTokens")]
    public async Task AnotherKeyGets403WithGooglesWording(string action)
    {
        Gemini.SetKey(OtherKey, new KeyBehavior.Good());
        Gemini.AddFile(new EmulatedFile("owned-1", GoodKey, "image/png", 10, DateTimeOffset.UtcNow.AddHours(1)));

        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:{action}", WithFile("files/owned-1"), OtherKey));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("PERMISSION_DENIED", (string?)error["status"]);
        Assert.Equal("You do not have permission to access the File files/owned-1 or it may not exist.", (string?)error["message"]);
    }

    [Fact]
    public async Task MissingExpiredAndNestedFilesAreRefusedToo()
    {
        Gemini.AddFile(new EmulatedFile("expired", GoodKey, "image/png", 10, DateTimeOffset.UtcNow.AddSeconds(-1)));
        var nested = """{"generateContentRequest":{"model":"models/gemini-2.5-flash","contents":[{"parts":[{"file_data":{"file_uri":"files/nowhere"}}]}]}}""";

        var (expiredStatus, _) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", WithFile("files/expired"), GoodKey));
        var (nestedStatus, nestedError) = await Http.SendForErrorAsync(Post($"{Flash}:countTokens", nested, GoodKey));

        Assert.Equal(HttpStatusCode.Forbidden, expiredStatus);
        Assert.Equal(HttpStatusCode.Forbidden, nestedStatus);
        Assert.Contains("files/nowhere", (string?)nestedError["message"]);
    }

    [Fact]
    public async Task OtherUrisAreNotFilesApiFiles()
    {
        using var response = await Http.SendAsync(Post($"{Flash}:generateContent", WithFile("https://www.youtube.com/watch?v=abc"), GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
