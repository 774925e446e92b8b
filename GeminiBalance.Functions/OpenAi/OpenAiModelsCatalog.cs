using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>
/// Gemini's whole model list (every page), fetched through the key pool and kept for a minute: clients such as
/// Open WebUI ask for it on every page load, and a minute-old list is as good as a new one.
/// Each instance keeps its own copy; two requests arriving when it is stale may both fetch, which is harmless.
/// </summary>
internal sealed class OpenAiModelsCatalog(GeminiForwarder forwarder, ICurrentOptions options, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    // 1000 is Google's largest page; the cap stops an upstream that keeps sending page tokens.
    private const int PageSize = 1000;
    private const int MaxPages = 20;

    private volatile Snapshot? _snapshot;

    /// <returns>The model ids, or null when fetching failed and the client already has the error.</returns>
    public async Task<IReadOnlyList<string>?> GetAsync(HttpContext context)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } cached && now < cached.Expires)
        {
            return cached.Ids;
        }

        var names = new List<string>();
        string? pageToken = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var query = $"?pageSize={PageSize}" + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
            using var document = await CapturingRelay.CallAsync(forwarder, context, HttpMethod.Get, "", "/v1beta/models" + query, null);
            if (document is null)
            {
                return null;
            }

            var root = document.RootElement;
            if (root.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array)
            {
                names.AddRange(models.EnumerateArray()
                    .Select(model => model.TryGetProperty("name", out var name) ? name.GetString() : null)
                    .OfType<string>());
            }

            pageToken = root.TryGetProperty("nextPageToken", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
            if (pageToken is null)
            {
                break;
            }
        }

        var ids = OpenAiModelsList.Build(names, options.Current);
        _snapshot = new Snapshot(ids, now + Lifetime);
        return ids;
    }

    private sealed record Snapshot(IReadOnlyList<string> Ids, DateTimeOffset Expires);
}
