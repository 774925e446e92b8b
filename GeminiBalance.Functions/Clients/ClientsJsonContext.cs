using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiBalance.Clients;

/// <summary>Source-generated JSON for what the client store keeps in a column: model patterns and the per-model use of a day.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, ModelUsage>))]
internal sealed partial class ClientsJsonContext : JsonSerializerContext;
