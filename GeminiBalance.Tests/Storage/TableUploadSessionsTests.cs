using GeminiBalance.Files;
using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

/// <summary>Upload sessions against a real Azurite: what one instance saves another finds, and expired ones are purged.</summary>
[Collection(ProxyCollection.Name)]
public sealed class TableUploadSessionsTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SessionSavedByOneInstanceIsFoundByAnotherAndForgotten()
    {
        var tables = new StorageTables(AzuriteTables.UniqueName());
        var session = new UploadSession(UploadSessionId.New(), "https://upstream/upload/v1beta/files?upload_id=x", "0123456789ab", "client-a", 12_345_678_901, "video/mp4", Now);
        await new TableUploadSessions(AzuriteTables.Service(storage), tables).SaveAsync(session, None);
        var other = new TableUploadSessions(AzuriteTables.Service(storage), tables);

        Assert.Equal(session, await other.FindAsync(session.Id, None));
        var bare = session with { Id = UploadSessionId.New(), DeclaredSize = null, DeclaredType = null };
        await other.SaveAsync(bare, None);
        Assert.Equal(bare, await other.FindAsync(bare.Id, None));

        await other.DeleteAsync(session.Id, None);
        await other.DeleteAsync(session.Id, None);
        Assert.Null(await other.FindAsync(session.Id, None));
    }

    [Fact]
    public async Task OnlyExpiredSessionsArePurged()
    {
        var sessions = new TableUploadSessions(AzuriteTables.Service(storage), new StorageTables(AzuriteTables.UniqueName()));
        var expired = new UploadSession(UploadSessionId.New(), "u", "k", "c", null, null, Now.AddSeconds(-1));
        var live = expired with { Id = UploadSessionId.New(), ExpiresAt = Now.AddHours(1) };
        await sessions.SaveAsync(expired, None);
        await sessions.SaveAsync(live, None);

        Assert.Equal(1, await sessions.DeleteExpiredAsync(Now, None));

        Assert.Null(await sessions.FindAsync(expired.Id, None));
        Assert.NotNull(await sessions.FindAsync(live.Id, None));
    }
}
