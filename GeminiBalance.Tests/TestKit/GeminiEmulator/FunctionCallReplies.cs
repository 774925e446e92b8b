using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>
/// How the emulator uses the functions a request offers: as a model asked to act would, it calls one before answering,
/// once per conversation (until a function response is in the contents), so that a client runs a real tool round trip.
/// The call is to the planned function when the request declares it, otherwise to the first declared one, with
/// arguments made up from its schema's required properties.
/// </summary>
internal static class FunctionCallReplies
{
    public static ScriptedReply? For(JsonObject body, FunctionCallPlan? plan, string modelId, string responseId)
    {
        var declarations = (JsonFields.Get(body, "tools") as JsonArray ?? [])
            .OfType<JsonObject>()
            .SelectMany(tool => (JsonFields.Get(tool, "functionDeclarations") as JsonArray ?? []).OfType<JsonObject>())
            .ToList();
        if (declarations.Count == 0 || ModeIsNone(body) || HasFunctionResponse(body))
        {
            return null;
        }

        var planned = plan is null ? null : declarations.FirstOrDefault(d => (string?)d["name"] == plan.Name);
        var call = planned is not null
            ? new JsonObject { ["name"] = plan!.Name, ["args"] = JsonNode.Parse(plan.ArgumentsJson) }
            : new JsonObject { ["name"] = (string?)declarations[0]["name"], ["args"] = MadeUpArguments(declarations[0]) };
        var reply = new JsonObject
        {
            ["candidates"] = new JsonArray(new JsonObject
            {
                ["content"] = new JsonObject { ["parts"] = new JsonArray(new JsonObject { ["functionCall"] = call }), ["role"] = "model" },
                ["finishReason"] = "STOP",
                ["index"] = 0,
            }),
            ["usageMetadata"] = new JsonObject { ["promptTokenCount"] = 1, ["candidatesTokenCount"] = 1, ["totalTokenCount"] = 2 },
            ["modelVersion"] = modelId,
            ["responseId"] = responseId,
        };
        return new ScriptedReply([reply]);
    }

    private static bool ModeIsNone(JsonObject body) =>
        JsonFields.Get(body, "toolConfig") is JsonObject config
        && JsonFields.Get(config, "functionCallingConfig") is JsonObject calling
        && (string?)JsonFields.Get(calling, "mode") == "NONE";

    private static bool HasFunctionResponse(JsonObject body) =>
        (JsonFields.Get(body, "contents") as JsonArray ?? [])
            .OfType<JsonObject>()
            .SelectMany(content => (JsonFields.Get(content, "parts") as JsonArray ?? []).OfType<JsonObject>())
            .Any(part => JsonFields.Has(part, "functionResponse"));

    private static JsonObject MadeUpArguments(JsonObject declaration)
    {
        var schema = JsonFields.Get(declaration, "parameters") as JsonObject ?? JsonFields.Get(declaration, "parametersJsonSchema") as JsonObject;
        var properties = schema?["properties"] as JsonObject;
        var args = new JsonObject();
        foreach (var name in (schema?["required"] as JsonArray ?? []).Select(n => (string?)n).OfType<string>())
        {
            args[name] = MadeUpValue(properties?[name] as JsonObject);
        }

        return args;
    }

    private static JsonNode? MadeUpValue(JsonObject? schema)
    {
        if (schema?["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]?.DeepClone();
        }

        return ((string?)schema?["type"])?.ToUpperInvariant() switch
        {
            "INTEGER" or "NUMBER" => 1,
            "BOOLEAN" => false,
            "ARRAY" => new JsonArray(),
            "OBJECT" => new JsonObject(),
            _ => "emulated",
        };
    }
}
