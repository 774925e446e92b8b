using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using GeminiBalance.Admin;
using GeminiBalance.Anthropic;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;
using GeminiBalance.Responses;
using GeminiBalance.Streaming;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Translation;

namespace GeminiBalance.Tests.Hostile;

/// <summary>
/// A property-based pass (CsCheck) over the pure parts a client's bytes reach: the request translators, the stream
/// framers, the schema cleaner, paste-key extraction. Each takes valid requests bent at random (fields replaced by any
/// JSON, fields added from the protocols' own names): only the documented refusals may escape, every body produced is a
/// JSON object, and nothing runs away (the whole pass has a deadline). CI runs a fixed seed and a few hundred cases;
/// HOSTILE_FUZZ_ITER=100000 (and HOSTILE_FUZZ_SEED=&lt;seed&gt; to replay one) runs the long pass.
/// </summary>
public sealed class PurePartsProperties
{
    private const string Seed = "0N0XIzNsQ0O2";
    private static readonly ProxyOptions Options = TestOptions.Read();
    private static readonly Dictionary<string, InlineMedia> NoImages = [];

    private static readonly string[] FieldNames =
    [
        "model", "messages", "role", "content", "type", "text", "image_url", "url", "detail", "tools", "function", "name", "description",
        "parameters", "properties", "items", "required", "tool_choice", "tool_calls", "id", "arguments", "stream", "stream_options",
        "include_usage", "temperature", "top_p", "max_tokens", "max_completion_tokens", "n", "stop", "seed", "input", "instructions",
        "system", "max_output_tokens", "response_format", "json_schema", "schema", "anyOf", "oneOf", "allOf", "$ref", "$defs",
        "definitions", "enum", "format", "default", "additionalProperties", "source", "data", "media_type", "tool_use_id",
        "input_schema", "thinking", "budget_tokens", "reasoning", "effort", "previous_response_id", "store", "call_id", "output",
        "modalities", "audio", "reasoning_effort", "web_search_options", "input_audio", "file", "file_id", "file_data", "cache_control",
        "is_error", "minimum", "maximum", "nullable", "title", "const", "pattern",
    ];

    private static readonly string[] Words =
    [
        "", "gemini-2.5-flash", "gemini-2.5-pro-search", "gemini-2.0-flash-thinking-exp-non-thinking", "user", "assistant", "system",
        "developer", "tool", "function", "model", "text", "image_url", "input_text", "input_image", "output_text", "message",
        "function_call", "function_call_output", "tool_use", "tool_result", "image", "document", "base64", "url", "object", "string",
        "integer", "number", "boolean", "array", "null", "auto", "none", "required", "any", "json_object", "json_schema", "high", "low",
        "data:image/png;base64,iVBORw0KGgo=", "data:;base64,@@", "data:image/png,", "http://127.0.0.1/a.png", "#/$defs/a", "#/definitions/x",
        "#", "{\"a\":1}", "{", "[]", "\u00e9\u4e2d\U0001F600", new string('x', 300),
    ];

    private static readonly Gen<JsonNode?> Leaf = Gen.Frequency(
        (1, Gen.Int[0, 0].Select(_ => (JsonNode?)null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (2, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.OneOf(0.5, -1.0, 1e308, -1e308, 1e-320, 2.5, 65536.0, 1e15).Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (4, Gen.Int[0, Words.Length - 1].Select(i => (JsonNode?)JsonValue.Create(Words[i]))),
        (2, Gen.String.Where(s => !HasLoneSurrogate(s)).Select(s => (JsonNode?)JsonValue.Create(s))));

    private static readonly Gen<string> FieldName = Gen.Frequency(
        (8, Gen.Int[0, FieldNames.Length - 1].Select(i => FieldNames[i])),
        (1, Gen.String.Where(s => !HasLoneSurrogate(s))));

    private static readonly Gen<JsonNode?> Json = Gen.Recursive<JsonNode?>((depth, inner) => depth >= 4 ? Leaf : Gen.Frequency(
        (4, Leaf),
        (1, inner.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items))),
        (2, Gen.Select(FieldName, inner).Array[0, 5].Select(pairs =>
        {
            var obj = new JsonObject();
            foreach (var (name, value) in pairs)
            {
                obj[name] = value;
            }

            return (JsonNode?)obj;
        }))));

    /// <summary>Up to four edits: replace some field or item anywhere in the tree, or add a field to some object.</summary>
    private static readonly Gen<(int Where, int Which, bool Add, string Name, JsonNode? Value)[]> Edits =
        Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Bool, FieldName, Json).Array[1, 4];

    [Fact]
    public Task ChatTranslatorRefusesOrWritesAJsonObject() => CheckAsync(HostileCorpus.Chat, request =>
        Produces(() => ChatRequestTranslator.Translate(request, Options, NoImages).GeminiBody));

    [Fact]
    public Task MessagesTranslatorRefusesOrWritesAJsonObject() => CheckAsync(HostileCorpus.Messages, request =>
    {
        Produces(() => MessagesRequestTranslator.Translate(request, Options, NoImages).GenerateContentBody());
        Produces(() => MessagesRequestTranslator.Translate(request, Options, NoImages, countTokens: true).CountTokensBody());
    });

    [Fact]
    public Task ResponsesTranslatorRefusesOrWritesAJsonObject() => CheckAsync(HostileCorpus.Responses, request =>
        Produces(() => ResponsesRequestTranslator.Translate(request, Options, [], NoImages).GeminiBody));

    [Fact]
    public Task OpenAiMediaAndEmbeddingRequestsParseOrRefuse() => CheckAsync(HostileCorpus.Embeddings, request =>
    {
        Refuses(() => OpenAiEmbeddingsRequest.Parse(request));
        Refuses(() => OpenAiImagesRequest.Parse(request, Options));
        Refuses(() => OpenAiSpeechRequest.Parse(request, Options));
    });

    [Fact]
    public Task SchemaCleanerRefusesOrWritesAJsonObject() => CheckAsync(
        """{"type":"object","properties":{"a":{"type":"string","enum":["x"]},"b":{"$ref":"#/$defs/b"}},"required":["a"],"$defs":{"b":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}""",
        schema => Produces(() => JsonOutput.ToUtf8(JsonSchemaCleaner.Clean(schema, "parameters"))));

    [Fact]
    public Task FramersFindOnlyBoundariesInsideEachChunk() => WithinDeadline(() =>
        Gen.Select(Gen.Byte.Array[0, 400], Gen.Int[1, 64].Array[1, 20], Gen.Bool).Sample((bytes, cuts, sse) =>
        {
            var text = Encoding.UTF8.GetBytes(sse ? "data: {\"a\":\"\\\"]\"}\r\n\r\n" : "[{\"a\":\"]\\\"\"},") ;
            var stream = (byte[])[.. text, .. bytes, .. text];
            IStreamFramer framer = sse ? new SseFramer() : new JsonArrayFramer();
            var at = 0;
            foreach (var cut in cuts.Append(stream.Length))
            {
                var chunk = stream.AsSpan(at, Math.Min(cut, stream.Length - at));
                var end = framer.Scan(chunk);
                Assert.InRange(end, 0, chunk.Length);
                at += chunk.Length;
                if (at == stream.Length)
                {
                    break;
                }
            }
        }, seed: SeedOf(), iter: Iterations(), threads: 1));

    [Fact]
    public Task PastedKeyExtractionFindsOnlyWhatWasPasted() => WithinDeadline(() =>
        Gen.Select(Gen.String, Gen.Int[0, 3], Gen.String[0, 20]).Sample((noise, count, tail) =>
        {
            var keys = Enumerable.Range(0, count).Select(i => "AIza" + new string((char)('A' + i), 35)).ToArray();
            var text = noise + string.Join(noise.Length % 2 == 0 ? "\n" : ", ", keys) + tail;
            var (found, _) = PastedKeys.Extract(text);
            Assert.All(found, key => Assert.Contains(key, text, StringComparison.Ordinal));
            Assert.Equal(found.Count, found.Distinct().Count());
        }, seed: SeedOf(), iter: Iterations(), threads: 1));

    private static Task CheckAsync(string validBody, Action<JsonElement> property) => WithinDeadline(() =>
        Edits.Sample(edits =>
        {
            var bent = Apply(JsonNode.Parse(validBody)!, edits);
            using var document = JsonDocument.Parse(bent.ToJsonString());
            property(document.RootElement);
        }, seed: SeedOf(), iter: Iterations(), threads: 1, print: edits => Apply(JsonNode.Parse(validBody)!, edits).ToJsonString()));

    private static JsonNode Apply(JsonNode root, (int Where, int Which, bool Add, string Name, JsonNode? Value)[] edits)
    {
        foreach (var (where, which, add, name, value) in edits)
        {
            var containers = Containers(root).ToArray();
            var target = containers[where % containers.Length];
            var copy = value?.DeepClone();
            switch (target)
            {
                case JsonObject obj when add || obj.Count == 0:
                    obj[name] = copy;
                    break;
                case JsonObject obj:
                    obj[obj.ElementAt(which % obj.Count).Key] = copy;
                    break;
                case JsonArray array when add || array.Count == 0:
                    array.Add(copy);
                    break;
                case JsonArray array:
                    array[which % array.Count] = copy;
                    break;
            }
        }

        return root;
    }

    private static IEnumerable<JsonNode> Containers(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(pair => pair.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.Where(child => child is JsonObject or JsonArray))
        {
            foreach (var descendant in Containers(child!))
            {
                yield return descendant;
            }
        }
    }

    /// <summary>Runs the translation: a documented refusal is fine, anything else escapes; what it writes is a JSON object.</summary>
    private static void Produces(Func<byte[]> translate)
    {
        byte[] body;
        try
        {
            body = translate();
        }
        catch (Exception exception) when (IsRefusal(exception))
        {
            return;
        }

        using var written = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, written.RootElement.ValueKind);
    }

    private static void Refuses(Func<object> parse)
    {
        try
        {
            _ = parse();
        }
        catch (Exception exception) when (IsRefusal(exception))
        {
        }
    }

    // The refusals the endpoints answer with a 4xx in the caller's protocol.
    private static bool IsRefusal(Exception exception) =>
        exception is TranslationException or OpenAiRequestException or GeminiBalance.Storage.ConversationTooLargeException;

    private static async Task WithinDeadline(Action run)
    {
        // No infinite loop: the whole pass ends, or the test fails instead of hanging the run.
        var deadline = Iterations() > 1_000 ? TimeSpan.FromHours(2) : TimeSpan.FromSeconds(120);
        await Task.Run(run).WaitAsync(deadline);
    }

    private static long Iterations() =>
        long.TryParse(Environment.GetEnvironmentVariable("HOSTILE_FUZZ_ITER"), out var iterations) ? iterations : 300;

    // The fixed seed in CI; the long pass takes a fresh one each run unless told which to replay.
    private static string? SeedOf() =>
        Environment.GetEnvironmentVariable("HOSTILE_FUZZ_SEED") is { Length: > 0 } seed ? seed
        : Environment.GetEnvironmentVariable("HOSTILE_FUZZ_ITER") is { Length: > 0 } ? null
        : Seed;

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
