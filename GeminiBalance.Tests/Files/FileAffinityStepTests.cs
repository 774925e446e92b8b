using System.Text;
using GeminiBalance.Auth;
using GeminiBalance.Files;
using GeminiBalance.Hosting;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Upstream;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.Files;

/// <summary>The affinity step on its own: what a call without files costs, and the choice it makes from the records and the pool.</summary>
public sealed class FileAffinityStepTests
{
    private const string Model = "gemini-2.5-flash";
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Now);
    private readonly RecordsInMemory _records = new();
    private readonly KeyPool _pool;
    private readonly FileAffinity _affinity;

    public FileAffinityStepTests()
    {
        var options = TestOptions.Read((SettingNames.ApiKeys, "key-a,key-b"));
        _pool = new KeyPool(options, _time);
        _affinity = new FileAffinity(_records, _pool, options, _time);
    }

    [Theory]
    [InlineData("""{"contents":[{"parts":[{"text":"files/abc is only text here"}]}]}""")]
    [InlineData("""{"contents":[{"parts":[{"text":"caf\u00e9: an escape, so the body is parsed"}]}]}""")]
    public async Task CallWithoutFilesAllocatesNothingAndReadsNoRecord(string body)
    {
        var call = Call(body);
        var context = Client("client-1");
        _ = _affinity.RouteAsync(call, context); // JIT first, so only the call itself is measured

        var before = GC.GetAllocatedBytesForCurrentThread();
        var route = _affinity.RouteAsync(call, context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(route.IsCompletedSuccessfully);
        Assert.Equal(FileRoute.AnyKey, await route);
        Assert.Equal(0, allocated);
        Assert.Equal(0, _records.Finds);
    }

    [Fact]
    public async Task CallWithAFileIsBoundToItsOwnerOnceTheCoolingEnds()
    {
        _records.Add(new FileRecord("client-1", "doc", PoolKey.From("key-b").Id, Now.AddHours(1), "{}"));
        _pool.ReportFailure(PoolKey.From("key-b"), Model, new UpstreamFailure(FailureKind.RateLimited, RetryAfter: TimeSpan.FromSeconds(30)));
        var call = Call("""{"contents":[{"parts":[{"fileData":{"fileUri":"files/doc"}}]}]}""");

        var cooling = await _affinity.RouteAsync(call, Client("client-1"));
        _time.Advance(TimeSpan.FromSeconds(31));
        var back = await _affinity.RouteAsync(call, Client("client-1"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, cooling.Refusal?.StatusCode);
        Assert.Null(back.Refusal);
        Assert.Equal("key-b", back.Owner?.Secret);
    }

    [Fact]
    public async Task FileOfAnotherClientOrPastItsExpiryIsRefusedLikeAMissingOne()
    {
        _records.Add(new FileRecord("client-1", "doc", PoolKey.From("key-a").Id, Now.AddMinutes(1), "{}"));
        var call = Call("""{"contents":[{"parts":[{"fileData":{"fileUri":"files/doc"}}]}]}""");

        var otherClient = await _affinity.RouteAsync(call, Client("client-2"));
        _time.Advance(TimeSpan.FromMinutes(1));
        var expired = await _affinity.RouteAsync(call, Client("client-1"));

        Assert.Equal(StatusCodes.Status403Forbidden, otherClient.Refusal?.StatusCode);
        Assert.Equal(StatusCodes.Status403Forbidden, expired.Refusal?.StatusCode);
    }

    [Fact]
    public async Task StorageThatFailsOrDoesNotAnswerGets503NotA500OrAHang()
    {
        var options = TestOptions.Read((SettingNames.ApiKeys, "key-a"), (SettingNames.TimeOut, "1"));
        var affinity = new FileAffinity(_records, new KeyPool(options, _time), options, _time);
        var call = Call("""{"contents":[{"parts":[{"fileData":{"fileUri":"files/doc"}}]}]}""");

        _records.Answer = _ => throw new Azure.RequestFailedException(500, "storage is down");
        var failed = await affinity.RouteAsync(call, Client("client-1"));
        _records.Answer = async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        };
        var silent = await affinity.RouteAsync(call, Client("client-1"));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, failed.Refusal?.StatusCode);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, silent.Refusal?.StatusCode);
    }

    private static GeminiCall Call(string body) =>
        GeminiCall.Native(HttpMethod.Post, Model, $"/v1beta/models/{Model}:generateContent", Encoding.UTF8.GetBytes(body), PassThroughRelay.Whole);

    private static DefaultHttpContext Client(string tokenId)
    {
        var context = new DefaultHttpContext();
        context.Features.Set(new ClientIdentity(tokenId, IsAdmin: false));
        return context;
    }

    private sealed class RecordsInMemory : IFileRecords
    {
        private readonly Dictionary<(string, string), FileRecord> _rows = [];

        public int Finds { get; private set; }

        public void Add(FileRecord record) => _rows[(record.ClientId, record.FileId)] = record;

        /// <summary>When set, how storage answers instead (a failure, or a wait that only cancellation ends).</summary>
        public Func<CancellationToken, Task<FileRecord?>>? Answer { get; set; }

        public Task<FileRecord?> FindAsync(string clientId, string fileId, CancellationToken cancellationToken)
        {
            Finds++;
            return Answer?.Invoke(cancellationToken) ?? Task.FromResult(_rows.GetValueOrDefault((clientId, fileId)));
        }

        public Task SaveAsync(FileRecord record, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<FileRecordPage> ListAsync(string clientId, int pageSize, string? pageToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DeleteAsync(string clientId, string fileId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<FileRecord> ExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
