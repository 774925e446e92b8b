using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using GeminiBalance.Keys;
using GeminiBalance.Usage;

namespace GeminiBalance.Admin;

/// <summary>
/// <c>/manage/keys</c>: list, add (from any pasted text), remove, disable, enable, reset and verify keys, one by id
/// or many by <c>{"ids":[…]}</c>. Keys appear by id and masked; only <c>GET {id}/secret</c> shows one whole.
/// </summary>
internal static partial class KeyEndpoints
{
    private static readonly (string Name, Action<KeyPool, PoolKey> Apply)[] StateChanges =
    [
        ("disable", static (pool, key) => pool.Disable(key)),
        ("enable", static (pool, key) => pool.Enable(key)),
        ("reset", static (pool, key) => pool.Reset(key)),
    ];

    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder keys)
    {
        keys.MapGet("", ListAsync);
        keys.MapPost("", AddAsync);
        keys.MapGet("{id}", Get);
        keys.MapDelete("{id}", RemoveAsync);
        keys.MapGet("{id}/secret", Reveal);
        keys.MapGet("{id}/usage", UsageOfAsync);
        keys.MapPost("{id}/verify", VerifyOneAsync);
        keys.MapPost("verify", VerifyManyAsync);
        foreach (var (name, apply) in StateChanges)
        {
            keys.MapPost($"{{id}}/{name}", (string id, HttpContext context, TimeProvider time, KeyPool pool) => ChangeOne(id, context, time, pool, apply));
            keys.MapPost(name, (HttpContext context, TimeProvider time, KeyPool pool) => ChangeManyAsync(context, time, pool, apply));
        }

        return keys;
    }

    private static async Task<IResult> ListAsync(string? status, TimeProvider time, KeyPool pool, UsageStatistics statistics, CancellationToken cancellationToken)
    {
        var wanted = Enum.GetValues<KeyStatus>().Cast<KeyStatus?>().FirstOrDefault(value => KeyView.Name(value!.Value) == status?.ToLowerInvariant());
        if (!string.IsNullOrEmpty(status) && wanted is null)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "status must be active, invalid or disabled.");
        }

        var now = time.GetUtcNow();
        var slots = pool.Set.Slots;
        var healths = slots.Select(slot => slot.Health).ToArray();
        var summary = new KeySummary(
            slots.Length,
            healths.Count(health => health.Status == KeyStatus.Active),
            healths.Count(health => health.Status == KeyStatus.Invalid),
            healths.Count(health => health.Status == KeyStatus.Disabled),
            healths.Count(health => health.Status == KeyStatus.Active && health.CoolingUntil.Values.Any(until => until > now)));
        var usage = await UsagePerKeyAsync(statistics, cancellationToken);
        var shown = slots.Where(slot => wanted is null || slot.Health.Status == wanted)
            .Select(slot => KeyView.Of(slot, now, usage?.GetValueOrDefault(slot.Key.Id)))
            .ToArray();
        return TypedResults.Json(new KeyList(summary, shown), AdminJsonContext.Default.KeyList);
    }

    /// <returns>Null when storage cannot be read: the admin still sees the keys, which live in memory.</returns>
    private static async Task<Dictionary<string, UsageCounts>?> UsagePerKeyAsync(UsageStatistics statistics, CancellationToken cancellationToken)
    {
        try
        {
            var report = await statistics.GetAsync(UsageStatistics.LastDay, cancellationToken);
            return report.PerKey.ToDictionary(line => line.Name, line => line.Counts, StringComparer.Ordinal);
        }
        catch (RequestFailedException)
        {
            return null;
        }
    }

    private static async Task<IResult> AddAsync(HttpContext context, KeyAdministration admin)
    {
        var (body, error) = await AdminBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        // JSON when the caller says so; anything else (text/plain, curl's default form type) is the pasted text itself.
        var text = context.Request.HasJsonContentType() ? PastedJson(body, out error) : Encoding.UTF8.GetString(body);
        if (text is null)
        {
            return error!;
        }

        var (keys, nearMisses) = PastedKeys.Extract(text);
        if (keys.Count == 0)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest,
                $"No Gemini API key (AIza and 35 letters, digits, '-' or '_') was found in the body; {nearMisses} word(s) only looked like one.");
        }

        return await WithStorageAsync(async () =>
            TypedResults.Json(await admin.AddAsync(keys, nearMisses, context.RequestAborted), AdminJsonContext.Default.AddedKeys));
    }

    private static IResult Get(string id, TimeProvider time, KeyPool pool) =>
        Find(pool, id, out var slot) ?? Json(KeyView.Of(slot!, time.GetUtcNow()));

    private static async Task<IResult> RemoveAsync(string id, HttpContext context, KeyAdministration admin, KeyPool pool)
    {
        if (FindWithoutBody(context, pool, id, out var slot) is { } refused)
        {
            return refused;
        }

        if (slot!.Source == KeySource.Settings)
        {
            return AdminBody.Problem(StatusCodes.Status409Conflict,
                $"Key {id} comes from the API_KEYS setting: remove it there (and restart), or disable it here (POST /manage/keys/{id}/disable).");
        }

        return await WithStorageAsync(async () =>
        {
            await admin.RemoveAsync(slot, context.RequestAborted);
            return TypedResults.NoContent();
        });
    }

    // Safe to offer: only the admin token reaches it (the group filter), the key goes only into this response body
    // (never a URL, a log line or storage other than its own table), and no-store keeps it out of caches.
    private static IResult Reveal(string id, HttpContext context, KeyPool pool)
    {
        if (Find(pool, id, out var slot) is { } notFound)
        {
            return notFound;
        }

        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new RevealedKey(slot!.Key.Id, slot.Key.Secret), AdminJsonContext.Default.RevealedKey);
    }

    private static async Task<IResult> VerifyOneAsync(string id, HttpContext context, KeyAdministration admin, KeyPool pool)
    {
        if (FindWithoutBody(context, pool, id, out var slot) is { } refused)
        {
            return refused;
        }

        var verified = await admin.VerifyAsync([slot!], context.RequestAborted);
        return TypedResults.Json(verified, AdminJsonContext.Default.VerifiedKeys);
    }

    /// <summary><c>{"ids":[…]}</c>, or no body (or no ids) for every key.</summary>
    private static async Task<IResult> VerifyManyAsync(HttpContext context, KeyAdministration admin, KeyPool pool)
    {
        var (request, error) = await AdminBody.ReadJsonAsync(context, AdminJsonContext.Default.KeyIdsRequest);
        if (error is not null)
        {
            return error;
        }

        IReadOnlyList<KeySlot> slots = pool.Set.Slots;
        if (request?.Ids is { } ids && FindAll(pool, ids, out slots) is { } notFound)
        {
            return notFound;
        }

        return TypedResults.Json(await admin.VerifyAsync(slots, context.RequestAborted), AdminJsonContext.Default.VerifiedKeys);
    }

    private static IResult ChangeOne(string id, HttpContext context, TimeProvider time, KeyPool pool, Action<KeyPool, PoolKey> apply)
    {
        if (FindWithoutBody(context, pool, id, out var slot) is { } refused)
        {
            return refused;
        }

        apply(pool, slot!.Key);
        return Json(KeyView.Of(slot, time.GetUtcNow()));
    }

    private static async Task<IResult> ChangeManyAsync(HttpContext context, TimeProvider time, KeyPool pool, Action<KeyPool, PoolKey> apply)
    {
        var (request, error) = await AdminBody.ReadJsonAsync(context, AdminJsonContext.Default.KeyIdsRequest);
        if (error is not null)
        {
            return error;
        }

        if (request?.Ids is not { Count: > 0 } ids)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, """The body must name the keys: {"ids":["<key id>", …]}.""");
        }

        if (FindAll(pool, ids, out var slots) is { } notFound)
        {
            return notFound;
        }

        foreach (var slot in slots)
        {
            apply(pool, slot.Key);
        }

        var now = time.GetUtcNow();
        return TypedResults.Json(new KeyViews([.. slots.Select(slot => KeyView.Of(slot, now))]), AdminJsonContext.Default.KeyViews);
    }

    /// <summary><c>{"keys":"…"}</c> or <c>{"keys":["…", …]}</c>; null with the error otherwise.</summary>
    private static string? PastedJson(byte[] body, out Errors.ErrorResult? error)
    {
        const string Shape = """The JSON body must be {"keys":"<pasted text>"} or {"keys":["…", …]}.""";
        error = AdminBody.Problem(StatusCodes.Status400BadRequest, Shape);
        try
        {
            using var document = Endpoints.JsonObjectBody.Parse(body, out var refusal);
            if (document is null)
            {
                error = AdminBody.Problem(StatusCodes.Status400BadRequest, Endpoints.JsonObjectBody.Describe(refusal) + " " + Shape);
                return null;
            }

            var root = document.RootElement;
            if (root.EnumerateObject().Any(property => property.Name != "keys") || !root.TryGetProperty("keys", out var keys))
            {
                return null;
            }

            if (keys.ValueKind == JsonValueKind.String)
            {
                error = null;
                return keys.GetString();
            }

            if (keys.ValueKind == JsonValueKind.Array && keys.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String))
            {
                error = null;
                return string.Join('\n', keys.EnumerateArray().Select(item => item.GetString()));
            }

            return null;
        }
        catch (JsonException)
        {
            error = AdminBody.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON. " + Shape);
            return null;
        }
    }

    /// <summary>One key's calls and tokens per model over the last 24 hours, busiest first.</summary>
    private static async Task<IResult> UsageOfAsync(string id, KeyPool pool, UsageStatistics statistics, CancellationToken cancellationToken)
    {
        if (Find(pool, id, out _) is { } missing)
        {
            return missing;
        }

        try
        {
            return TypedResults.Json(await statistics.PerModelOfKeyAsync(id, UsageStatistics.LastDay, cancellationToken), AdminJsonContext.Default.IReadOnlyListNamedUsage);
        }
        catch (RequestFailedException)
        {
            return AdminBody.Problem(StatusCodes.Status503ServiceUnavailable, "Table Storage cannot be read, so the key's usage is not known now; try again.");
        }
    }

    private static IResult? Find(KeyPool pool, string id, out KeySlot? slot)
    {
        slot = KeyId().IsMatch(id) ? pool.Set.Find(id) : null;
        return slot is not null ? null : NoSuchKey(id);
    }

    /// <summary>The single-key routes: the key is named in the path, and a body is refused rather than ignored.</summary>
    private static IResult? FindWithoutBody(HttpContext context, KeyPool pool, string id, out KeySlot? slot)
    {
        slot = null;
        return AdminBody.RefuseBody(context.Request) ?? Find(pool, id, out slot);
    }

    private static IResult? FindAll(KeyPool pool, IReadOnlyList<string> ids, out IReadOnlyList<KeySlot> slots)
    {
        var set = pool.Set;
        var found = ids.Distinct(StringComparer.Ordinal).Select(id => (id, slot: KeyId().IsMatch(id) ? set.Find(id) : null)).ToArray();
        slots = [.. found.Where(pair => pair.slot is not null).Select(pair => pair.slot!)];
        var missing = found.Where(pair => pair.slot is null).Select(pair => pair.id).ToArray();
        return missing.Length == 0 ? null : NoSuchKey(missing);
    }

    // Something that is not an id may be a whole key pasted by mistake: it is never echoed back.
    private static Errors.ErrorResult NoSuchKey(params string[] ids)
    {
        var named = ids.Where(id => KeyId().IsMatch(id)).ToArray();
        var others = ids.Length - named.Length;
        return AdminBody.Problem(StatusCodes.Status404NotFound,
            $"No key has the id {string.Join(", ", named.DefaultIfEmpty("given"))}{(others > 0 ? $" ({others} value(s) are not key ids: 12 hex digits, as GET /manage/keys shows)" : "")}. Nothing was changed.");
    }

    private static async Task<IResult> WithStorageAsync(Func<Task<IResult>> change)
    {
        try
        {
            return await change();
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException)
        {
            return AdminBody.Problem(StatusCodes.Status503ServiceUnavailable,
                $"Table Storage did not take the change ({exception.GetType().Name}); try again.");
        }
    }

    private static IResult Json(KeyView view) => TypedResults.Json(view, AdminJsonContext.Default.KeyView);

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex KeyId();
}
