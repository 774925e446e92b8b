using GeminiBalance.Files;

namespace GeminiBalance.Tests.Files;

public sealed class UpstreamUploadUrlTests
{
    [Fact]
    public void KeyIsRemovedAndTheUrlIsMovedOntoTheConfiguredUpstream()
    {
        var kept = UpstreamUploadUrl.Keyless(
            "https://generativelanguage.googleapis.com/upload/v1beta/files?key=AIzaSECRET&upload_id=ABC-def_1&upload_protocol=resumable",
            new Uri("http://127.0.0.1:5000"));

        Assert.Equal("http://127.0.0.1:5000/upload/v1beta/files?upload_id=ABC-def_1&upload_protocol=resumable", kept);
    }

    [Theory]
    [InlineData("/upload/v1beta/files?upload_id=1")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public void SomethingThatIsNotAnAbsoluteHttpUrlIsRefused(string header) =>
        Assert.Null(UpstreamUploadUrl.Keyless(header, new Uri("https://generativelanguage.googleapis.com")));

    [Fact]
    public void SessionIdsAreLongRandomAndCheckedForShape()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => UploadSessionId.New()).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.True(UploadSessionId.IsWellFormed(id), id));
        Assert.False(UploadSessionId.IsWellFormed("A" + ids.First()));
        Assert.False(UploadSessionId.IsWellFormed(ids.First()[..42] + "!"));
        Assert.False(UploadSessionId.IsWellFormed(null));
    }
}
