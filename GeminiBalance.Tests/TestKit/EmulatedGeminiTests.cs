using System.Net;
using static GeminiBalance.Tests.TestKit.EmulatedGeminiWire;

namespace GeminiBalance.Tests.TestKit;

public sealed class EmulatedGeminiTests : EmulatedGeminiFixture
{
    private const string Flash = "/v1beta/models/gemini-2.5-flash";
    private const string Hello = """{"contents":[{"role":"user","parts":[{"text":"hello there"}]}]}""";

    [Fact]
    public async Task UnregisteredKeyGets400ApiKeyInvalid()
    {
        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", Hello, "never-set"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        Assert.Equal(400, (int?)error["code"]);
        Assert.Equal("API key not valid. Please pass a valid API key.", (string?)error["message"]);
        var info = ErrorDetail(error, "ErrorInfo");
        Assert.Equal("API_KEY_INVALID", (string?)info["reason"]);
        Assert.Equal("googleapis.com", (string?)info["domain"]);
        Assert.Equal("generativelanguage.googleapis.com", (string?)info["metadata"]?["service"]);
        Assert.Equal("API key not valid. Please pass a valid API key.", (string?)ErrorDetail(error, "LocalizedMessage")["message"]);
    }

    [Fact]
    public async Task KeySetAsInvalidGets400ApiKeyInvalidEvenForListModels()
    {
        Gemini.SetKey("bad", new KeyBehavior.Invalid());

        var (status, error) = await Http.SendForErrorAsync(Get("/v1beta/models", "bad"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("API_KEY_INVALID", (string?)ErrorDetail(error, "ErrorInfo")["reason"]);
    }

    [Fact]
    public async Task MissingKeyGets403UnregisteredCallers()
    {
        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", Hello, key: null));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("PERMISSION_DENIED", (string?)error["status"]);
        Assert.StartsWith("Method doesn't allow unregistered callers", (string?)error["message"]);
    }

    [Fact]
    public async Task PermissionDeniedKeyGets403ServiceBlocked()
    {
        Gemini.SetKey("blocked", new KeyBehavior.PermissionDenied());

        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", Hello, "blocked"));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("PERMISSION_DENIED", (string?)error["status"]);
        Assert.Equal("API_KEY_SERVICE_BLOCKED", (string?)ErrorDetail(error, "ErrorInfo")["reason"]);
        Assert.Contains("generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.GenerativeService.GenerateContent are blocked.", (string?)error["message"]);
    }

    [Fact]
    public async Task KeyInQueryIsAcceptedAndRecordedApartFromTheQuery()
    {
        using var response = await Http.SendAsync(Post($"{Flash}:generateContent?key={GoodKey}&$fields=x", Hello, key: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Gemini.Requests);
        Assert.Equal(GoodKey, received.Key);
        Assert.Equal("$fields=x", received.Query);
        Assert.Equal("POST", received.Method);
        Assert.Equal($"{Flash}:generateContent", received.Path);
        Assert.Equal(Hello, received.Body);
    }

    [Fact]
    public async Task GenerateContentEchoesTheLastUserTurn()
    {
        const string body = """
            {"system_instruction":{"parts":[{"text":"be brief"}]},
             "contents":[{"role":"user","parts":[{"text":"first"}]},{"role":"model","parts":[{"text":"ok"}]},
                         {"role":"user","parts":[{"text":"second "},{"text":"question"}]}]}
            """;

        using var response = await Http.SendAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        var candidate = json["candidates"]![0]!;
        Assert.Equal("echo: second question", (string?)candidate["content"]!["parts"]![0]!["text"]);
        Assert.Equal("model", (string?)candidate["content"]!["role"]);
        Assert.Equal("STOP", (string?)candidate["finishReason"]);
        Assert.Equal(0, (int?)candidate["index"]);
        var usage = json["usageMetadata"]!;
        Assert.Equal(6, (int?)usage["promptTokenCount"]);
        Assert.Equal(3, (int?)usage["candidatesTokenCount"]);
        Assert.Equal(9, (int?)usage["totalTokenCount"]);
        Assert.Equal("gemini-2.5-flash", (string?)json["modelVersion"]);
        Assert.False(string.IsNullOrEmpty((string?)json["responseId"]));
    }

    [Fact]
    public async Task V1PathsWorkLikeV1Beta()
    {
        using var response = await Http.SendAsync(Post("/v1/models/gemini-2.5-pro:generateContent", Hello, GoodKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RateLimitedKeyGets429WithQuotaFailureAndRetryInfo()
    {
        Gemini.SetKey("limited", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(15)));

        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", Hello, "limited"));

        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal("RESOURCE_EXHAUSTED", (string?)error["status"]);
        Assert.Equal("15s", (string?)ErrorDetail(error, "RetryInfo")["retryDelay"]);
        var violation = ErrorDetail(error, "QuotaFailure")["violations"]![0]!;
        Assert.Equal("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", (string?)violation["quotaId"]);
        Assert.Equal("gemini-2.5-flash", (string?)violation["quotaDimensions"]!["model"]);
        Assert.NotNull(ErrorDetail(error, "Help")["links"]);
        Assert.StartsWith("You exceeded your current quota", (string?)error["message"]);
        Assert.EndsWith("Please retry in 15s.", (string?)error["message"]);
    }

    [Fact]
    public async Task PerDayRateLimitNamesTheDailyQuota()
    {
        Gemini.SetKey("daily", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(1.5), PerDay: true));

        var (_, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", Hello, "daily"));

        Assert.Equal("GenerateRequestsPerDayPerProjectPerModel-FreeTier", (string?)ErrorDetail(error, "QuotaFailure")["violations"]![0]!["quotaId"]);
        Assert.Equal("1.500s", (string?)ErrorDetail(error, "RetryInfo")["retryDelay"]);
    }

    [Fact]
    public async Task ModelScopedRateLimitLeavesOtherModelsAndListModelsWorking()
    {
        Gemini.SetKey("pro-limited", new KeyBehavior.RateLimited(TimeSpan.FromSeconds(30), Model: "gemini-2.5-pro"));

        using var pro = await Http.SendAsync(Post("/v1beta/models/gemini-2.5-pro:generateContent", Hello, "pro-limited"));
        using var flash = await Http.SendAsync(Post($"{Flash}:generateContent", Hello, "pro-limited"));
        using var list = await Http.SendAsync(Get("/v1beta/models", "pro-limited"));

        Assert.Equal(HttpStatusCode.TooManyRequests, pro.StatusCode);
        Assert.Equal(HttpStatusCode.OK, flash.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task UnavailableKeyGets503Overloaded()
    {
        Gemini.SetKey("busy", new KeyBehavior.Unavailable());

        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", Hello, "busy"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("UNAVAILABLE", (string?)error["status"]);
        Assert.Equal("The model is overloaded. Please try again later.", (string?)error["message"]);
    }

    [Fact]
    public async Task SlowAndDiesMidStreamKeysAnswerNonStreamCallsNormally()
    {
        Gemini.SetKey("slow", new KeyBehavior.Slow(TimeSpan.FromMilliseconds(1)));
        Gemini.SetKey("dies", new KeyBehavior.DiesMidStream(0));

        using var slow = await Http.SendAsync(Post($"{Flash}:generateContent", Hello, "slow"));
        using var dies = await Http.SendAsync(Post($"{Flash}:generateContent", Hello, "dies"));

        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dies.StatusCode);
    }

    [Fact]
    public async Task MalformedJsonGets400InvalidJsonPayload()
    {
        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", "{not json", GoodKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("INVALID_ARGUMENT", (string?)error["status"]);
        Assert.StartsWith("Invalid JSON payload received.", (string?)error["message"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"contents":[]}""")]
    [InlineData("")]
    public async Task MissingContentsGets400ContentsNotSpecified(string body)
    {
        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("* GenerateContentRequest.contents: contents is not specified", (string?)error["message"]);
    }

    [Theory]
    [InlineData("""{"messages":[]}""", "Invalid JSON payload received. Unknown name \"messages\": Cannot find field.")]
    [InlineData("""{"contents":[{"role":"system","parts":[{"text":"x"}]}]}""", "Please use a valid role: user, model.")]
    [InlineData("""{"contents":[{"role":"user","parts":[]}]}""", "* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.")]
    [InlineData("""{"contents":[{"role":"user","parts":[{}]}]}""", "* GenerateContentRequest.contents[0].parts[0].data: required oneof field 'data' must have one initialized field")]
    public async Task InvalidRequestsGet400WithGooglesWording(string body, string message)
    {
        var (status, error) = await Http.SendForErrorAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, (string?)error["message"]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"contents":"hello"}""")]
    [InlineData("""{"contents":[1]}""")]
    [InlineData("""{"contents":[{"parts":"x"}]}""")]
    [InlineData("""{"contents":[{"parts":[{"text":5}]}]}""")]
    [InlineData("""{"contents":[{"role":5,"parts":[{"text":"x"}]}]}""")]
    [InlineData("""{"contents":[],"contents":[]}""")]
    [InlineData("""{"generationConfig":{}, "contents":[{"parts":[{"text":"x"}]}], "system_instruction":"x"}""")]
    public async Task WronglyTypedInputGets400NotAServerError(string body)
    {
        using var response = await Http.SendAsync(Post($"{Flash}:generateContent", body, GoodKey));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1beta/models/gemini-9:generateContent", "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.")]
    [InlineData("/v1/models/text-embedding-004:generateContent", "models/text-embedding-004 is not found for API version v1, or is not supported for generateContent.")]
    [InlineData("/v1beta/models/gemini-2.5-flash:embedContent", "models/gemini-2.5-flash is not found for API version v1beta, or is not supported for embedContent.")]
    public async Task UnknownOrUnsupportedModelGets404(string path, string messageStart)
    {
        var (status, error) = await Http.SendForErrorAsync(Post(path, Hello, GoodKey));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("NOT_FOUND", (string?)error["status"]);
        Assert.StartsWith(messageStart, (string?)error["message"]);
    }

    [Theory]
    [InlineData("POST", "/v1beta/models/gemini-2.5-flash:fly")]
    [InlineData("POST", "/v1beta/files")]
    [InlineData("GET", "/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("POST", "/v2/models/gemini-2.5-flash:generateContent")]
    public async Task UnknownMethodsGet404(string method, string path)
    {
        using var request = method == "GET" ? Get(path, GoodKey) : Post(path, Hello, GoodKey);
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RequestsAreRecordedInOrderIncludingRejectedOnesUntilCleared()
    {
        using var rejected = await Http.SendAsync(Post($"{Flash}:generateContent", Hello, "unknown"));
        using var accepted = await Http.SendAsync(Get("/v1beta/models", GoodKey));

        Assert.Collection(
            Gemini.Requests,
            r => Assert.Equal(("unknown", "POST"), (r.Key, r.Method)),
            r => Assert.Equal((GoodKey, "GET"), (r.Key, r.Method)));
        Assert.Equal(GoodKey, Gemini.Requests[1].Headers["X-Goog-Api-Key"]);

        Gemini.ClearRequests();

        Assert.Empty(Gemini.Requests);
    }
}
