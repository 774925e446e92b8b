using System.Globalization;
using System.Text;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Endpoints;

/// <summary>
/// Gemini's ListModels and GetModel answers made from Google's list (<see cref="GeminiModelCatalog"/>): nothing
/// FILTERED_MODELS names, and gemini-balance's variants after their base model, each a copy of its base with its own
/// name and a display name saying what it adds ("Gemini 2.5 Flash For Search"). Paged as Google pages: <c>pageSize</c>
/// (50 by default, at most 1000) and an opaque <c>pageToken</c>.
/// </summary>
internal static class NativeModelList
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    private const string TokenPrefix = "models-after:";

    /// <summary>The listed models, each with Google's object for its base model.</summary>
    public static IReadOnlyList<(DerivedModels.Entry Entry, JsonElement Base)> Build(IReadOnlyList<JsonElement> upstream, ProxyOptions options)
    {
        var byId = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var model in upstream)
        {
            if (GeminiModelCatalog.IdOf(model) is { } id)
            {
                byId.TryAdd(id, model);
            }
        }

        return [.. DerivedModels.Expand(byId.Keys, options).Select(entry => (entry, byId[entry.BaseId]))];
    }

    /// <returns>The page's start, or null for a token this proxy did not issue.</returns>
    public static int? ReadPageToken(string token)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        var buffer = new byte[token.Length];
        return Convert.TryFromBase64String(token, buffer, out var length)
               && Encoding.UTF8.GetString(buffer, 0, length) is var text && text.StartsWith(TokenPrefix, StringComparison.Ordinal)
               && int.TryParse(text.AsSpan(TokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? start
            : null;
    }

    public static void WritePage(Utf8JsonWriter writer, IReadOnlyList<(DerivedModels.Entry Entry, JsonElement Base)> models, int start, int pageSize)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("models");
        foreach (var (entry, model) in models.Skip(start).Take(pageSize))
        {
            WriteModel(writer, entry, model);
        }

        writer.WriteEndArray();
        // As Google does: no token on the last page.
        if ((long)start + pageSize < models.Count)
        {
            writer.WriteString("nextPageToken", Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + (start + pageSize).ToString(CultureInfo.InvariantCulture))));
        }

        writer.WriteEndObject();
    }

    /// <summary>Google's object as it came, or for a variant a copy with the variant's name and display name.</summary>
    public static void WriteModel(Utf8JsonWriter writer, DerivedModels.Entry entry, JsonElement model)
    {
        if (entry.DisplaySuffix is not { } suffix)
        {
            model.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in model.EnumerateObject())
        {
            if (property.NameEquals("name"))
            {
                writer.WriteString("name", "models/" + entry.Id);
            }
            else if (property.NameEquals("displayName") && property.Value.ValueKind == JsonValueKind.String)
            {
                writer.WriteString("displayName", $"{property.Value.GetString()} {suffix}");
            }
            else
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
