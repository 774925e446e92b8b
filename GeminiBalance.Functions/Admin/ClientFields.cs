using System.Globalization;
using System.Text.Json;
using GeminiBalance.Clients;

namespace GeminiBalance.Admin;

/// <summary>
/// The fields a client key is made or changed with (<c>name</c>, <c>note</c>, <c>enabled</c>, <c>expires</c>,
/// <c>models</c>, <c>rpm</c>, <c>rpd</c>, <c>tpd</c>, <c>tpm_month</c>). A field left out keeps its value, <c>null</c>
/// clears it (no limit, every model, no expiry). Every unknown or ill-typed field is named in one 400, so an admin who
/// misspells <c>tpm_month</c> hears so instead of getting a key without a budget.
/// </summary>
internal static class ClientFields
{
    private const int MaxName = 100;
    private const int MaxNote = 2_000;
    private const int MaxModels = 100;

    private static readonly string[] Known = ["name", "note", "enabled", "expires", "models", "rpm", "rpd", "tpd", "tpm_month"];

    /// <returns>The key with the body's fields applied, or the message naming every field at fault.</returns>
    public static (ClientKey? Client, string? Error) Apply(ClientKey basis, JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, "The body must be a JSON object with any of: " + string.Join(", ", Known) + ".");
        }

        var problems = new List<string>();
        var unknown = body.EnumerateObject().Select(field => field.Name).Where(name => !Known.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"unknown field(s) {string.Join(", ", unknown)} (the fields are {string.Join(", ", Known)})");
        }

        var client = basis;
        var limits = basis.Limits;
        foreach (var field in body.EnumerateObject())
        {
            var value = field.Value;
            var isNull = value.ValueKind == JsonValueKind.Null;
            switch (field.Name)
            {
                case "name":
                    if (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 and <= MaxName } name)
                    {
                        client = client with { Name = name };
                    }
                    else
                    {
                        problems.Add($"name must be a non-empty string of at most {MaxName} characters");
                    }

                    break;
                case "note":
                    if (isNull || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length <= MaxNote))
                    {
                        client = client with { Note = isNull || value.GetString()!.Length == 0 ? null : value.GetString() };
                    }
                    else
                    {
                        problems.Add($"note must be a string of at most {MaxNote} characters, or null");
                    }

                    break;
                case "enabled":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        client = client with { Enabled = value.GetBoolean() };
                    }
                    else
                    {
                        problems.Add("enabled must be true or false");
                    }

                    break;
                case "expires":
                    if (isNull)
                    {
                        client = client with { Expires = null };
                    }
                    else if (value.ValueKind == JsonValueKind.String
                        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
                    {
                        client = client with { Expires = expires.ToUniversalTime() };
                    }
                    else
                    {
                        problems.Add("expires must be an ISO 8601 time (e.g. 2026-12-31T00:00:00Z), or null");
                    }

                    break;
                case "models":
                    if (ReadModels(value) is { } models)
                    {
                        client = client with { Models = models };
                    }
                    else
                    {
                        problems.Add($"models must be an array of at most {MaxModels} model names or patterns with * (e.g. \"gemini-2.5-*\"), or null for every model");
                    }

                    break;
                default:
                    if (Known.Contains(field.Name, StringComparer.Ordinal))
                    {
                        if (!TryReadLimit(value, out var limit))
                        {
                            problems.Add($"{field.Name} must be a whole number of at least 1, or null for no limit");
                        }
                        else
                        {
                            limits = field.Name switch
                            {
                                "rpm" => limits with { Rpm = limit },
                                "rpd" => limits with { Rpd = limit },
                                "tpd" => limits with { Tpd = limit },
                                _ => limits with { TpmMonth = limit },
                            };
                        }
                    }

                    break;
            }
        }

        return problems.Count > 0 ? (null, "Bad field(s): " + string.Join("; ", problems) + ".") : (client with { Limits = limits }, null);
    }

    private static string[]? ReadModels(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxModels)
        {
            return null;
        }

        var models = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Trim() is not { Length: > 0 and <= 200 } model)
            {
                return null;
            }

            models.Add(model);
        }

        return [.. models.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static bool TryReadLimit(JsonElement value, out long? limit)
    {
        limit = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 1)
        {
            limit = number;
            return true;
        }

        return false;
    }
}
