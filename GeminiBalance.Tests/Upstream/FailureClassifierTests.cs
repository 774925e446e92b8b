using System.Text;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;

namespace GeminiBalance.Tests.Upstream;

public sealed class FailureClassifierTests
{
    private const string BadKey = """{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}""";
    private const string BadField = """{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"foo\": Cannot find field.","status":"INVALID_ARGUMENT"}}""";
    private const string Quota = """{"error":{"code":429,"message":"You exceeded your current quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"53.5s"}]}}""";
    private const string ForeignFile = """{"error":{"code":403,"message":"You do not have permission to access the File abc or it may not exist.","status":"PERMISSION_DENIED"}}""";
    private const string Blocked = """{"error":{"code":403,"message":"Requests to this API are blocked.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_SERVICE_BLOCKED"}]}}""";

    [Theory]
    [InlineData(400, BadKey, nameof(FailureKind.KeyInvalid))]
    [InlineData(400, BadField, nameof(FailureKind.ClientError))]
    [InlineData(400, "not json", nameof(FailureKind.ClientError))]
    [InlineData(401, "", nameof(FailureKind.KeyInvalid))]
    [InlineData(403, Blocked, nameof(FailureKind.KeyInvalid))]
    [InlineData(403, ForeignFile, nameof(FailureKind.ClientError))]
    [InlineData(404, "", nameof(FailureKind.ClientError))]
    [InlineData(429, Quota, nameof(FailureKind.RateLimited))]
    [InlineData(500, "", nameof(FailureKind.Transient))]
    [InlineData(503, "", nameof(FailureKind.Transient))]
    [InlineData(504, "", nameof(FailureKind.Transient))]
    public void Classify_UpstreamError_BlamesTheRightParty(int status, string body, string expected) =>
        Assert.Equal(expected, FailureClassifier.Classify(status, Encoding.UTF8.GetBytes(body)).Kind.ToString());

    [Fact]
    public void Classify_RateLimitWithRetryInfo_UsesItsDelay() =>
        Assert.Equal(TimeSpan.FromSeconds(53.5), FailureClassifier.Classify(429, Encoding.UTF8.GetBytes(Quota)).RetryAfter);

    [Fact]
    public void Classify_RateLimitWithoutDetails_CoolsForAMinute() =>
        Assert.Equal(TimeSpan.FromSeconds(60), FailureClassifier.Classify(429, """{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}"""u8).RetryAfter);

    [Fact]
    public void Classify_DailyQuota_SaysSoAndKeepsGooglesReason()
    {
        var body = """{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaId":"GenerateRequestsPerDayPerProjectPerModel-FreeTier"}]}]}}"""u8;
        var failure = FailureClassifier.Classify(429, body);
        Assert.True(failure.PerDayQuota);
        Assert.Equal("RESOURCE_EXHAUSTED", failure.Reason);
        Assert.False(FailureClassifier.Classify(429, Encoding.UTF8.GetBytes(Quota)).PerDayQuota);
    }

    [Fact]
    public void Classify_BadKey_RecordsTheErrorInfoReason() =>
        Assert.Equal("API_KEY_INVALID", FailureClassifier.Classify(400, Encoding.UTF8.GetBytes(BadKey)).Reason);

    [Fact]
    public void Classify_ArrayWrappedStreamError_IsRead() =>
        Assert.Equal(TimeSpan.FromSeconds(53.5), FailureClassifier.Classify(429, Encoding.UTF8.GetBytes($"[{Quota}]")).RetryAfter);
}
