using System.Text;
using GeminiBalance.Files;

namespace GeminiBalance.Tests.Files;

public sealed class FileResourceTests
{
    [Fact]
    public void UploadAnswerGivesTheIdTheNanosecondExpiryAndTheBareResource()
    {
        const string answer = """{"file":{"name":"files/abc-123","sizeBytes":"5","expirationTime":"2025-07-11T02:02:52.531916141Z"}}""";

        var file = FileResource.Read(Encoding.UTF8.GetBytes(answer))!;

        Assert.Equal("abc-123", file.FileId);
        Assert.Equal(new DateTimeOffset(2025, 7, 11, 2, 2, 52, TimeSpan.Zero).AddTicks(5319161), file.ExpiresAt);
        Assert.Equal("""{"name":"files/abc-123","sizeBytes":"5","expirationTime":"2025-07-11T02:02:52.531916141Z"}""", file.Json);
    }

    [Fact]
    public void BareFileWithoutExpiryIsReadAndAnythingElseIsNot()
    {
        Assert.Null(FileResource.Read(Encoding.UTF8.GetBytes("""{"name":"files/x1"}"""))!.ExpiresAt);
        Assert.Null(FileResource.Read(Encoding.UTF8.GetBytes("""{"file":{"name":"files/Not_Valid"}}""")));
        Assert.Null(FileResource.Read(Encoding.UTF8.GetBytes("""{"file":{"name":"models/x"}}""")));
        Assert.Null(FileResource.Read(Encoding.UTF8.GetBytes("not json")));
        Assert.Null(FileResource.Read(Encoding.UTF8.GetBytes("[]")));
    }
}
