using System.Text.Json;
using System.Text.Json.Serialization;
using GeminiBalance.Endpoints;

namespace GeminiBalance.Hosting;

/// <summary>Source-generated JSON for the app's own documents (protocol documents get contexts of their own).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class AppJsonContext : JsonSerializerContext;
