using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeminiBalance.Settings;

/// <summary>Source-generated JSON for <c>/manage/config</c> and the stored audit entries.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<SettingChange>))]
[JsonSerializable(typeof(Dictionary<string, SettingView>))]
[JsonSerializable(typeof(IReadOnlyList<SettingAudit>))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
