using System.Text;
using System.Text.Json.Nodes;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Translation;

namespace GeminiBalance.Tests.Translation;

public sealed class NativeRequestRulesTests
{
    private static readonly ProxyOptions Defaults = GoldenFiles.Options([]);

    private static readonly ProxyOptions NoSafety = GoldenFiles.Options(new JsonObject { ["settings"] = new JsonObject { ["SAFETY_SETTINGS"] = "[]" } });

    private static readonly ProxyOptions Mapped = GoldenFiles.Options(new JsonObject
    {
        ["settings"] = new JsonObject { ["SAFETY_SETTINGS"] = "[]", ["THINKING_BUDGET_MAP"] = """{"gemini-2.5-flash": 2048}""" },
    });

    [Theory]
    [InlineData("""{"contents":[]}""")]
    [InlineData("""not json""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"contents":[]} trailing""")]
    public void NoRuleToApply_ReturnsTheClientsOwnBytes(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Same(body, NativeRequestRules.Apply(body, ModelName.Parse("gemini-2.0-flash", NoSafety), NoSafety));
    }

    [Theory]
    [InlineData("""{"contents":[{"parts":[{"text":"x"}]}]}""", """{"contents":[{"parts":[{"text":"x"}]}],"safetySettings":""")]
    [InlineData("""{ }""", """{ "safetySettings":""")]
    [InlineData("""{"a":1}  """, """{"a":1,"safetySettings":""")]
    public void OnlySafetySettingsMissing_IsSplicedBeforeTheClosingBrace(string json, string expectedStart)
    {
        var sent = Encoding.UTF8.GetString(NativeRequestRules.Apply(Encoding.UTF8.GetBytes(json), ModelName.Parse("gemini-2.0-flash", Defaults), Defaults));

        Assert.StartsWith(expectedStart, sent, StringComparison.Ordinal);
        var safety = JsonNode.Parse(sent)!["safetySettings"]!.AsArray();
        Assert.Equal(Defaults.SafetySettings.Count, safety.Count);
        Assert.Equal("HARM_CATEGORY_HARASSMENT", (string?)safety[0]!["category"]);
    }

    [Theory]
    [InlineData("""{"contents":[],"safetySettings":[{"category":"HARM_CATEGORY_HATE_SPEECH","threshold":"BLOCK_LOW_AND_ABOVE"}]}""")]
    [InlineData("""{"contents":[],"safety_settings":[]}""")]
    public void ClientsOwnSafetySettingsWin(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);

        Assert.Same(body, NativeRequestRules.Apply(body, ModelName.Parse("gemini-2.0-flash", Defaults), Defaults));
    }

    [Fact]
    public void SearchSuffix_AddsGoogleSearchBesideTheClientsOwnTools_ButNotBesideFunctionDeclarations()
    {
        var model = ModelName.Parse("gemini-2.5-flash-search", NoSafety);

        var withCode = Apply("""{"contents":[],"tools":[{"codeExecution":{}}]}""", model, NoSafety);
        var functions = """{"contents":[],"tools":[{"function_declarations":[{"name":"f"}]}]}""";

        Assert.Equal("gemini-2.5-flash", model.Upstream);
        Assert.Equal("""[{"codeExecution":{}},{"googleSearch":{}}]""", withCode["tools"]!.ToJsonString());
        Assert.Equal("""[{"googleSearch":{}}]""", Apply("""{"contents":[]}""", model, NoSafety)["tools"]!.ToJsonString());
        Assert.Equal(functions, Encoding.UTF8.GetString(NativeRequestRules.Apply(Encoding.UTF8.GetBytes(functions), model, NoSafety)));
    }

    [Fact]
    public void ImageSuffix_AsksForTextAndImageUnlessTheClientChoseModalities()
    {
        var model = ModelName.Parse("gemini-2.0-flash-exp-image", NoSafety);

        var added = Apply("""{"contents":[],"generation_config":{"temperature":0.5}}""", model, NoSafety);
        var own = """{"contents":[],"generationConfig":{"responseModalities":["IMAGE"]}}""";

        Assert.Equal("gemini-2.0-flash-exp", model.Upstream);
        // Under the client's own spelling, so Google never sees the field twice.
        Assert.False(added.ContainsKey("generationConfig"));
        Assert.Equal("""{"temperature":0.5,"responseModalities":["TEXT","IMAGE"]}""", added["generation_config"]!.ToJsonString());
        Assert.Equal(own, Encoding.UTF8.GetString(NativeRequestRules.Apply(Encoding.UTF8.GetBytes(own), model, NoSafety)));
    }

    [Theory]
    [InlineData("gemini-2.5-flash-non-thinking", 0)]
    [InlineData("gemini-2.5-pro-non-thinking", 128)]
    [InlineData("gemini-2.5-flash", 2048)]
    public void ThinkingBudget_FromTheSuffixOrTheMap_WhenTheClientSentNone(string requested, int budget)
    {
        var model = ModelName.Parse(requested, Mapped);

        var sent = Apply("""{"contents":[]}""", model, Mapped);
        var own = """{"contents":[],"generationConfig":{"thinkingConfig":{"thinkingBudget":-1}}}""";

        Assert.Equal(budget, (int)sent["generationConfig"]!["thinkingConfig"]!["thinkingBudget"]!);
        Assert.Null(sent["generationConfig"]!["thinkingConfig"]!["includeThoughts"]);
        Assert.Equal(own, Encoding.UTF8.GetString(NativeRequestRules.Apply(Encoding.UTF8.GetBytes(own), model, Mapped)));
    }

    [Fact]
    public void ThinkingBudget_NeverGoesToAModelThatDoesNotThink()
    {
        var body = Encoding.UTF8.GetBytes("""{"contents":[]}""");

        Assert.Same(body, NativeRequestRules.Apply(body, ModelName.Parse("gemini-2.0-flash-non-thinking", NoSafety), NoSafety));
    }

    private static JsonObject Apply(string json, ModelName model, ProxyOptions options) =>
        JsonNode.Parse(NativeRequestRules.Apply(Encoding.UTF8.GetBytes(json), model, options))!.AsObject();
}
