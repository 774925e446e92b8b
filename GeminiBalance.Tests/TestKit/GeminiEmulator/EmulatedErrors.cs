using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>The error bodies Google returns, with wording taken from captured traffic (docs/protocols.md#gemini-transport, #gemini-errors).</summary>
internal static class EmulatedErrors
{
    private const string Service = "generativelanguage.googleapis.com";
    private const string TypePrefix = "type.googleapis.com/google.rpc.";

    public static EmulatedError NoKey() => new(
        403,
        "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        []);

    public static EmulatedError InvalidKey()
    {
        const string message = "API key not valid. Please pass a valid API key.";
        return new(400, "INVALID_ARGUMENT", message, [ErrorInfo("API_KEY_INVALID", []), Localized(message)]);
    }

    public static EmulatedError ServiceBlocked(string rpcMethod)
    {
        var message = $"Requests to this API {Service} method {rpcMethod} are blocked.";
        var info = ErrorInfo("API_KEY_SERVICE_BLOCKED", new() { ["methodName"] = rpcMethod, ["consumer"] = "projects/000000000000" });
        return new(403, "PERMISSION_DENIED", message, [info, Localized(message)]);
    }

    public static EmulatedError RateLimited(KeyBehavior.RateLimited behavior, string modelId)
    {
        var delay = ProtoDuration.Format(behavior.RetryDelay);
        var (quotaId, limit) = behavior.PerDay
            ? ("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "250")
            : ("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10");
        const string metric = "generativelanguage.googleapis.com/generate_content_free_tier_requests";
        var message = "You exceeded your current quota, please check your plan and billing details. "
            + "For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n"
            + $"* Quota exceeded for metric: {metric}, limit: {limit}, model: {modelId}\nPlease retry in {delay}.";
        var violation = new JsonObject
        {
            ["quotaMetric"] = metric,
            ["quotaId"] = quotaId,
            ["quotaDimensions"] = new JsonObject { ["location"] = "global", ["model"] = modelId },
            ["quotaValue"] = limit,
        };
        var link = new JsonObject
        {
            ["description"] = "Learn more about Gemini API quotas",
            ["url"] = "https://ai.google.dev/gemini-api/docs/rate-limits",
        };
        return new(429, "RESOURCE_EXHAUSTED", message,
        [
            Detail("QuotaFailure", new() { ["violations"] = new JsonArray(violation) }),
            Detail("Help", new() { ["links"] = new JsonArray(link) }),
            Detail("RetryInfo", new() { ["retryDelay"] = delay }),
        ]);
    }

    public static EmulatedError Unavailable() =>
        new(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", []);

    public static EmulatedError ModelNotFound(string version, string modelId, string method) => new(
        404,
        "NOT_FOUND",
        $"models/{modelId} is not found for API version {version}, or is not supported for {method}. Call ListModels to see the list of available models and their supported methods.",
        []);

    public static EmulatedError UrlNotFound(string path) =>
        new(404, "NOT_FOUND", $"The requested URL {path} was not found on this server.", []);

    public static EmulatedError InvalidJson(string detail)
    {
        var message = $"Invalid JSON payload received. {detail}";
        var violation = new JsonObject { ["description"] = message };
        return new(400, "INVALID_ARGUMENT", message, [Detail("BadRequest", new() { ["fieldViolations"] = new JsonArray(violation) })]);
    }

    public static EmulatedError InvalidArgument(string message) => new(400, "INVALID_ARGUMENT", message, []);

    private static JsonObject ErrorInfo(string reason, JsonObject extraMetadata)
    {
        var metadata = new JsonObject { ["service"] = Service };
        foreach (var (name, value) in extraMetadata)
        {
            metadata[name] = value?.DeepClone();
        }

        return Detail("ErrorInfo", new() { ["reason"] = reason, ["domain"] = "googleapis.com", ["metadata"] = metadata });
    }

    private static JsonObject Localized(string message) =>
        Detail("LocalizedMessage", new() { ["locale"] = "en-US", ["message"] = message });

    private static JsonObject Detail(string type, JsonObject fields)
    {
        var detail = new JsonObject { ["@type"] = TypePrefix + type };
        foreach (var (name, value) in fields)
        {
            detail[name] = value?.DeepClone();
        }

        return detail;
    }
}
