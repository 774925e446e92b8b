using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Translation;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// The golden files under &lt;surface&gt;/Golden (OpenAi, Responses, Anthropic): each holds the input, optional settings and the expected
/// output of one translation. Run with UPDATE_GOLDEN=1 to rewrite the expectations from the code, then review the diff.
/// </summary>
internal sealed class GoldenFiles(string surface)
{
    public static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_750_000_000);

    public string Folder(string kind) => Path.Combine(RepoRoot.Path, "GeminiBalance.Tests", surface, "Golden", kind);

    public TheoryData<string> Cases(string kind) =>
        [.. Directory.GetFiles(Folder(kind), "*.json").Select(Path.GetFileNameWithoutExtension).Order().Cast<string>()];

    public JsonObject Read(string kind, string name) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(kind), name + ".json")))!;

    public static ProxyOptions Options(JsonObject golden)
    {
        var settings = new Dictionary<string, string?>
        {
            [SettingNames.AllowedTokens] = "token",
            [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
        };
        foreach (var (name, value) in golden["settings"] as JsonObject ?? [])
        {
            settings[name] = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
        }

        return ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    /// <summary>The images a case's request names by URL, as the downloader would have fetched them (its "downloaded": URL → inline data).</summary>
    public static IReadOnlyDictionary<string, InlineMedia> Downloaded(JsonObject golden) =>
        (golden["downloaded"] as JsonObject ?? []).ToDictionary(
            pair => pair.Key, pair => new InlineMedia(pair.Value!["mimeType"]!.GetValue<string>(), pair.Value!["data"]!.GetValue<string>()));

    /// <summary>Ids that differ per call and repeat per run: 0001000…, 0002000…</summary>
    public static ReplyIds SequentialIds()
    {
        var next = 0;
        return new ReplyIds(() => $"{++next:x4}{new string('0', 20)}");
    }

    /// <summary>Compares with the golden expectation, or rewrites it when UPDATE_GOLDEN=1.</summary>
    public void AssertMatches(string kind, string name, JsonObject golden, JsonNode actual)
    {
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            golden["expected"] = actual.DeepClone();
            File.WriteAllText(Path.Combine(Folder(kind), name + ".json"), golden.ToJsonString(new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
            return;
        }

        var expected = golden["expected"] ?? throw new InvalidOperationException($"{kind}/{name}.json has no 'expected'; run with UPDATE_GOLDEN=1 and review it.");
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{kind}/{name}: expected\n{expected.ToJsonString()}\nbut got\n{actual.ToJsonString()}");
    }
}
