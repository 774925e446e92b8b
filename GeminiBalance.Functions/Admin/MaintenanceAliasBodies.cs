using System.Text.Json.Serialization;

namespace GeminiBalance.Admin;

// gemini-balance's request and answer shapes for its key-maintenance routes, field for field, so the scripts written
// against it keep parsing; keys appear by id (12 hex digits), never whole.

/// <summary><c>{"keys":[…],"key_type":"valid"|"invalid"}</c>; each entry a key id or a whole pool key.</summary>
internal sealed record AliasKeysRequest([property: JsonConverter(typeof(StringListConverter))] IReadOnlyList<string>? Keys, [property: JsonPropertyName("key_type")] string? KeyType);

/// <summary>The answer of <c>/v1/keys/list</c>: each key id with its count of consecutive failures.</summary>
internal sealed record AliasKeyList(string Status, AliasKeyGroups Data, int Total);

internal sealed record AliasKeyGroups(
    [property: JsonPropertyName("valid_keys")] IReadOnlyDictionary<string, int> ValidKeys,
    [property: JsonPropertyName("invalid_keys")] IReadOnlyDictionary<string, int> InvalidKeys);

/// <summary>The answer of the reset routes.</summary>
internal sealed record AliasOutcome(
    bool Success,
    string Message,
    [property: JsonPropertyName("reset_count"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ResetCount = null);

/// <summary>The answer of <c>verify-key/{key}</c>.</summary>
internal sealed record AliasVerified(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>The answer of <c>verify-selected-keys</c>.</summary>
internal sealed record AliasVerifiedKeys(
    bool Success,
    string Message,
    [property: JsonPropertyName("successful_keys")] IReadOnlyList<string> SuccessfulKeys,
    [property: JsonPropertyName("failed_keys")] IReadOnlyDictionary<string, string> FailedKeys,
    [property: JsonPropertyName("valid_count")] int ValidCount,
    [property: JsonPropertyName("invalid_count")] int InvalidCount);
