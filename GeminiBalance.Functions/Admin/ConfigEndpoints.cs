using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using GeminiBalance.Auth;
using GeminiBalance.Settings;

namespace GeminiBalance.Admin;

/// <summary>
/// <c>/manage/config</c>: every setting with its value in force, where it comes from and whether it can change live;
/// PUT <c>{"NAME": value, …}</c> validates all, then stores all as console overrides (or none, naming each bad
/// setting); DELETE <c>{NAME}</c> drops an override; <c>audit</c> lists who changed what.
/// </summary>
internal static class ConfigEndpoints
{
    private const int DefaultAuditEntries = 50;
    private const int MaxAuditEntries = 500;

    public static RouteGroupBuilder MapConfigEndpoints(this RouteGroupBuilder config)
    {
        config.MapGet("", (LiveSettings settings, Hosting.ICurrentOptions options) => View(settings, options));
        config.MapPut("", PutAsync);
        config.MapDelete("{name}", DeleteAsync);
        config.MapGet("audit", AuditAsync);
        return config;
    }

    private static IResult View(LiveSettings settings, Hosting.ICurrentOptions options)
    {
        var current = options.Current;
        var view = SettingCatalog.All.ToDictionary(
            info => info.Name,
            info => new SettingView(info.Show(current), settings.SourceOf(info.Name), info.Live, info.Group, info.Secret, info.ReadOnlyBecause),
            StringComparer.Ordinal);
        return TypedResults.Json(view, SettingsJsonContext.Default.DictionaryStringSettingView);
    }

    private static async Task<IResult> PutAsync(HttpContext context, LiveSettings settings, Hosting.ICurrentOptions options, TimeProvider time)
    {
        var (body, error) = await AdminBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        JsonObject? changes;
        try
        {
            changes = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            changes = null;
        }

        if (changes is null || changes.Count == 0)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, "The body must be a JSON object of setting name → value, e.g. {\"MAX_RETRIES\": 5}; null drops an override.");
        }

        return await SaveAsync(context, settings, options, time, changes.ToDictionary(pair => pair.Key, pair => SettingCatalog.TextOf(pair.Value), StringComparer.Ordinal));
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, LiveSettings settings, Hosting.ICurrentOptions options, TimeProvider time) =>
        settings.Overrides.ContainsKey(name) || SettingCatalog.Find(name) is not { Live: true }
            ? await SaveAsync(context, settings, options, time, new Dictionary<string, string?> { [name] = null })
            : View(settings, options);

    private static async Task<IResult> SaveAsync(
        HttpContext context, LiveSettings settings, Hosting.ICurrentOptions options, TimeProvider time, IReadOnlyDictionary<string, string?> changes)
    {
        try
        {
            var refused = await settings.SaveAsync(changes, AdminCaller.Of(context), time.GetUtcNow(), context.RequestAborted);
            return refused is null
                ? View(settings, options)
                : AdminBody.Problem(StatusCodes.Status400BadRequest, "Nothing was saved. " + string.Join(" ", refused.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value)));
        }
        catch (SettingsConflictException conflict)
        {
            return AdminBody.Problem(StatusCodes.Status409Conflict, conflict.Message);
        }
        catch (RequestFailedException)
        {
            return AdminBody.Problem(StatusCodes.Status503ServiceUnavailable, "Storage cannot be reached, so the settings were not saved; try again.");
        }
    }

    private static async Task<IResult> AuditAsync(int? max, ISettingsStore store, CancellationToken cancellationToken)
    {
        if (max is < 1 or > MaxAuditEntries)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, $"max must be from 1 to {MaxAuditEntries}.");
        }

        try
        {
            return TypedResults.Json(await store.ReadAuditAsync(max ?? DefaultAuditEntries, cancellationToken), SettingsJsonContext.Default.IReadOnlyListSettingAudit);
        }
        catch (RequestFailedException)
        {
            return AdminBody.Problem(StatusCodes.Status503ServiceUnavailable, "Storage cannot be reached, so the audit trail cannot be read; try again.");
        }
    }
}
