using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiBalance.WebConsole;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConsoleSessionView))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
