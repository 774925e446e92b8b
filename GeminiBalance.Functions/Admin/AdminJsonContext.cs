using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiBalance.Admin;

/// <summary>
/// Source-generated JSON for the admin API. An unknown request field is an error, not ignored: an admin who misspells
/// <c>ids</c> must hear so rather than have the request act on nothing (or, for verify, on every key).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, UseStringEnumConverter = true)]
[JsonSerializable(typeof(KeyList))]
[JsonSerializable(typeof(KeyView))]
[JsonSerializable(typeof(KeyViews))]
[JsonSerializable(typeof(AddedKeys))]
[JsonSerializable(typeof(VerifiedKeys))]
[JsonSerializable(typeof(RevealedKey))]
[JsonSerializable(typeof(KeyIdsRequest))]
[JsonSerializable(typeof(AliasKeysRequest))]
[JsonSerializable(typeof(AliasKeyList))]
[JsonSerializable(typeof(AliasOutcome))]
[JsonSerializable(typeof(AliasVerified))]
[JsonSerializable(typeof(AliasVerifiedKeys))]
[JsonSerializable(typeof(Dictionary<string, Usage.UsageReport>))]
[JsonSerializable(typeof(Usage.LogPage<Usage.RequestLogEntry>))]
[JsonSerializable(typeof(Usage.LogPage<Usage.ErrorLogEntry>))]
[JsonSerializable(typeof(IReadOnlyList<Usage.UsagePoint>))]
[JsonSerializable(typeof(DeletedLogRows))]
[JsonSerializable(typeof(ClientList))]
[JsonSerializable(typeof(ClientView))]
[JsonSerializable(typeof(CreatedClient))]
[JsonSerializable(typeof(ClientUsageReport))]
[JsonSerializable(typeof(IReadOnlyList<Usage.NamedUsage>))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
