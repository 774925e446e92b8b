using System.Collections.Concurrent;
using System.Text.Json;
using GeminiBalance.Errors;
using GeminiBalance.OpenAi;
using GeminiBalance.Upstream;

namespace GeminiBalance.Endpoints;

/// <summary>
/// Google's whole model list for an API version (every page), fetched through the key pool and kept for a minute: the
/// native and OpenAI model lists are made from it (with gemini-balance's variants), and clients such as Open WebUI ask
/// for one on every page load, where a minute-old list is as good as a new one. Each instance keeps its own copy; two
/// requests arriving when it is stale may both fetch, which is harmless.
/// </summary>
internal sealed class GeminiModelCatalog(GeminiForwarder forwarder, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    // 1000 is Google's largest page; the cap stops an upstream that keeps sending page tokens.
    private const int PageSize = 1000;
    private const int MaxPages = 20;

    // One entry per API version the routes name (v1beta, v1), so it never grows past two.
    private readonly ConcurrentDictionary<string, Snapshot> _snapshots = new(StringComparer.Ordinal);

    /// <param name="protocol">The shape of the client's error, should fetching fail.</param>
    /// <returns>Google's model objects in Google's order, or null when fetching failed and the client already has the error.</returns>
    public async Task<IReadOnlyList<JsonElement>?> GetAsync(string version, HttpContext context, ApiProtocol protocol)
    {
        var now = time.GetUtcNow();
        if (_snapshots.TryGetValue(version, out var cached) && now < cached.Expires)
        {
            return cached.Models;
        }

        var models = new List<JsonElement>();
        string? pageToken = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = $"?pageSize={PageSize}" + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
            using var document = await CapturingRelay.CallAsync(forwarder, context, HttpMethod.Get, "", $"/{version}/models{query}", null, protocol);
            if (document is null)
            {
                return null;
            }

            var root = document.RootElement;
            if (root.TryGetProperty("models", out var listed) && listed.ValueKind == JsonValueKind.Array)
            {
                models.AddRange(listed.EnumerateArray().Where(model => IdOf(model) is not null).Select(model => model.Clone()));
            }

            pageToken = root.TryGetProperty("nextPageToken", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
            if (pageToken is null)
            {
                break;
            }
        }

        _snapshots[version] = new Snapshot(models, now + Lifetime);
        return models;
    }

    /// <summary>"models/gemini-2.5-flash" → "gemini-2.5-flash"; null for an entry without a name.</summary>
    public static string? IdOf(JsonElement model) =>
        model.ValueKind == JsonValueKind.Object && model.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
            ? name.GetString() is { } text && text.StartsWith("models/", StringComparison.Ordinal) ? text["models/".Length..] : name.GetString()
            : null;

    private sealed record Snapshot(IReadOnlyList<JsonElement> Models, DateTimeOffset Expires);
}
