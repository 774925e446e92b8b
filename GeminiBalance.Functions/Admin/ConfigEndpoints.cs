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

        const string Shape = "The body must be a JSON object of setting name → value, e.g. {\"MAX_RETRIES\": 5}; null drops an override.";
        using var document = Endpoints.JsonObjectBody.Parse(body, out var refusal);
        if (document is null)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, $"{Endpoints.JsonObjectBody.Describe(refusal)} {Shape}");
        }

        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!changes.TryAdd(property.Name, SettingCatalog.TextOf(JsonNode.Parse(property.Value.GetRawText()))))
            {
                return AdminBody.Problem(StatusCodes.Status400BadRequest, $"The setting {Shown(property.Name)} is named twice; name each once.");
            }
        }

        if (changes.Count == 0)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, Shape);
        }

        // Each override is a table row and the audit keeps the whole change in one: over Table Storage's 32K-character
        // property the store refuses it, which would read as an outage rather than as the too-long value it is.
        if (changes.Sum(change => change.Key.Length + (change.Value?.Length ?? 0)) > MaxChangeCharacters)
        {
            return AdminBody.Problem(StatusCodes.Status400BadRequest, $"The settings sent are longer than {MaxChangeCharacters} characters in all; no setting needs that much.");
        }

        return await SaveAsync(context, settings, options, time, changes);
    }

    private const int MaxChangeCharacters = 16_000;

    // A setting's name as the client sent it, cut short: the name can be anything at all.
    private static string Shown(string name) => name.Length <= 64 ? $"'{name}'" : $"'{name[..64]}…'";

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
