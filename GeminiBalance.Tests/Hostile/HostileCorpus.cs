using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GeminiBalance.Tests.Hostile;

/// <summary>
/// Generates the hostile-input corpus (<c>corpus.jsonl</c> beside this file): for every route, a valid request bent
/// every way a careless or hostile client bends one. Deterministic, so the file in the repository is exactly what this
/// produces; <see cref="HostileCorpusTests"/> checks that and rewrites the file when HOSTILE_CORPUS_WRITE=1.
/// </summary>
public static class HostileCorpus
{
    public const string FileName = "corpus.jsonl";

    private const string Chat = """{"model":"gemini-2.5-flash","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}],"temperature":0.5,"max_tokens":16,"stream":false,"response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object","properties":{"a":{"type":"string"}}}}},"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"a":{"type":"string"}}}}}],"tool_choice":"auto"}""";
    private const string Embeddings = """{"model":"text-embedding-004","input":["hi","there"],"dimensions":8}""";
    private const string Images = """{"model":"imagen-4.0-generate-001","prompt":"a cat","n":1,"size":"1024x1024","response_format":"b64_json"}""";
    private const string Speech = """{"model":"gemini-2.5-flash-preview-tts","input":"hi","voice":"alloy","response_format":"wav","speed":1}""";
    private const string Responses = """{"model":"gemini-2.5-flash","input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}],"instructions":"be brief","max_output_tokens":16,"temperature":0.5,"stream":false,"store":false,"tools":[{"type":"function","name":"f","parameters":{"type":"object"}}]}""";
    private const string Messages = """{"model":"claude-sonnet-4-5","max_tokens":16,"system":[{"type":"text","text":"be brief"}],"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"temperature":0.5,"stream":false,"tools":[{"name":"f","input_schema":{"type":"object","properties":{"a":{"type":"string"}}}}],"tool_choice":{"type":"auto"}}""";
    private const string CountTokens = """{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}],"system":"be brief"}""";
    private const string NativeGenerate = """{"contents":[{"role":"user","parts":[{"text":"hi"}]}],"systemInstruction":{"parts":[{"text":"be brief"}]},"generationConfig":{"temperature":0.5,"maxOutputTokens":16,"responseMimeType":"application/json","responseSchema":{"type":"OBJECT","properties":{"a":{"type":"STRING"}}}},"tools":[{"functionDeclarations":[{"name":"f","parameters":{"type":"OBJECT"}}]}]}""";
    private const string NativeCount = """{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""";
    private const string Embed = """{"content":{"parts":[{"text":"hi"}]},"taskType":"RETRIEVAL_QUERY","outputDimensionality":8}""";
    private const string BatchEmbed = """{"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"hi"}]}}]}""";
    private const string UploadStart = """{"file":{"display_name":"notes.txt","mimeType":"text/plain"}}""";
    private const string Ids = """{"ids":["000000000000"]}""";
    private const string AliasKeys = """{"keys":["000000000000"],"key_type":"valid"}""";

    private static readonly HostileProtocol G = HostileProtocol.Gemini;
    private static readonly HostileProtocol O = HostileProtocol.OpenAi;
    private static readonly HostileProtocol A = HostileProtocol.Anthropic;
    private static readonly HostileProtocol B = HostileProtocol.GeminiBalance;

    private static readonly Dictionary<string, string> ResumableStart = new()
    {
        ["X-Goog-Upload-Protocol"] = "resumable",
        ["X-Goog-Upload-Command"] = "start",
        ["X-Goog-Upload-Header-Content-Length"] = "5",
        ["X-Goog-Upload-Header-Content-Type"] = "text/plain",
    };

    /// <summary>Every route the proxy serves, each with a request it accepts.</summary>
    private static readonly Route[] Routes =
    [
        new("openai-chat", "POST", "v1/chat/completions", O, Chat),
        new("openai-chat-hf", "POST", "hf/v1/chat/completions", O, Chat),
        new("openai-embeddings", "POST", "v1/embeddings", O, Embeddings),
        new("openai-images", "POST", "v1/images/generations", O, Images),
        new("openai-speech", "POST", "v1/audio/speech", O, Speech),
        new("openai-models", "GET", "openai/v1/models", O),
        new("openai-model", "GET", "openai/v1/models/{id}", O, Id: "gemini-2.5-flash"),
        new("responses", "POST", "v1/responses", O, Responses),
        new("responses-get", "GET", "v1/responses/{id}", O, Id: "resp_0123456789abcdef"),
        new("responses-delete", "DELETE", "v1/responses/{id}", O, Id: "resp_0123456789abcdef"),
        new("anthropic-messages", "POST", "v1/messages", A, Messages),
        new("anthropic-count-tokens", "POST", "v1/messages/count_tokens", A, CountTokens),
        new("native-generate", "POST", "v1beta/models/{id}:generateContent", G, NativeGenerate, Id: "gemini-2.5-flash"),
        new("native-stream", "POST", "v1beta/models/{id}:streamGenerateContent?alt=sse", G, NativeGenerate, Id: "gemini-2.5-flash"),
        new("native-count-tokens", "POST", "v1beta/models/{id}:countTokens", G, NativeCount, Id: "gemini-2.5-flash"),
        new("native-embed", "POST", "v1beta/models/{id}:embedContent", G, Embed, Id: "gemini-embedding-001"),
        new("native-batch-embed", "POST", "gemini/v1beta/models/{id}:batchEmbedContents", G, BatchEmbed, Id: "gemini-embedding-001"),
        new("native-models", "GET", "v1beta/models", G),
        new("native-model", "GET", "v1beta/models/{id}", G, Id: "gemini-2.5-flash"),
        new("shared-models", "GET", "v1/models", G),
        new("shared-model", "GET", "v1/models/{id}", G, Id: "gemini-2.5-flash"),
        new("files-upload", "POST", "upload/v1beta/files", G, UploadStart, Headers: ResumableStart),
        new("files-list", "GET", "v1beta/files", G),
        new("files-get", "GET", "v1beta/files/{id}", G, Id: "abc123"),
        new("files-delete", "DELETE", "v1beta/files/{id}", G, Id: "abc123"),
        new("admin-keys", "GET", "manage/keys", G, Auth: HostileAuth.Admin),
        new("admin-keys-add", "POST", "manage/keys", G, """{"keys":"AIzaSyAdded-key-in-the-corpus-000000000"}""", Auth: HostileAuth.Admin),
        new("admin-key", "GET", "manage/keys/{id}", G, Id: "000000000000", Auth: HostileAuth.Admin),
        new("admin-key-delete", "DELETE", "manage/keys/{id}", G, Id: "000000000000", Auth: HostileAuth.Admin),
        new("admin-key-usage", "GET", "manage/keys/{id}/usage", G, Id: "000000000000", Auth: HostileAuth.Admin),
        new("admin-key-verify", "POST", "manage/keys/{id}/verify", G, Id: "000000000000", Auth: HostileAuth.Admin),
        new("admin-keys-verify", "POST", "manage/keys/verify", G, Ids, Auth: HostileAuth.Admin),
        new("admin-keys-enable", "POST", "manage/keys/enable", G, Ids, Auth: HostileAuth.Admin),
        new("admin-stats", "GET", "manage/stats?window=1h", G, Auth: HostileAuth.Admin),
        new("admin-trend", "GET", "manage/stats/trend", G, Auth: HostileAuth.Admin),
        new("admin-logs-requests", "GET", "manage/logs/requests", G, Auth: HostileAuth.Admin),
        new("admin-logs-errors", "GET", "manage/logs/errors", G, Auth: HostileAuth.Admin),
        new("admin-logs-errors-delete", "POST", "manage/logs/errors/delete", G, Ids, Auth: HostileAuth.Admin),
        new("admin-config", "PUT", "manage/config", G, """{"MAX_RETRIES":3,"TEST_MODEL":"gemini-2.5-flash"}""", Auth: HostileAuth.Admin),
        new("admin-config-delete", "DELETE", "manage/config/{id}", G, Id: "MAX_RETRIES", Auth: HostileAuth.Admin),
        new("admin-config-audit", "GET", "manage/config/audit", G, Auth: HostileAuth.Admin),
        new("alias-keys-list", "GET", "v1/keys/list", G, Auth: HostileAuth.Admin),
        new("alias-reset-all", "POST", "gemini/v1beta/reset-all-fail-counts?key_type=valid", B, Auth: HostileAuth.Admin),
        new("alias-reset-selected", "POST", "gemini/v1beta/reset-selected-fail-counts", B, AliasKeys, Auth: HostileAuth.Admin),
        new("alias-reset-one", "POST", "gemini/v1beta/reset-fail-count/{id}", B, Id: "000000000000", Auth: HostileAuth.Admin),
        new("alias-verify-one", "POST", "gemini/v1beta/verify-key/{id}", B, Id: "000000000000", Auth: HostileAuth.Admin),
        new("alias-verify-selected", "POST", "gemini/v1beta/verify-selected-keys", B, AliasKeys, Auth: HostileAuth.Admin),
        new("console-login", "POST", "console/login", G, """{"token":"wrong-admin-token"}""", Auth: HostileAuth.None),
        new("console-session", "GET", "console/session", G, Auth: HostileAuth.None),
        new("console-file", "GET", "console/{id}", G, Id: "app.js", Auth: HostileAuth.None),
        new("generated-image", "GET", "files/images/{id}", O, Id: "0123456789abcdef.png", Auth: HostileAuth.None),
    ];

    /// <summary>What goes where an id belongs: traversal, encoded separators, control characters, a very long one.</summary>
    private static readonly (string Name, string Value)[] HostileIds =
    [
        ("traversal", "..%2F..%2F..%2Fetc%2Fpasswd"),
        ("encoded-dots", "%2e%2e%2f%2e%2e%2fmanage"),
        ("encoded-slash", "a%2Fb"),
        ("double-encoded-slash", "a%252Fb"),
        ("backslash", "a%5C..%5Cb"),
        ("nul", "a%00b"),
        ("crlf", "a%0D%0ASet-Cookie:%20x=1"),
        ("invalid-utf8", "%FF%FE%FD"),
        ("emoji", "%F0%9F%98%80"),
        ("long", HostileRequest.Repeat(4000, "a")),
        ("colon", "a:b:c"),
    ];

    /// <summary>Query strings a client might send anywhere: bad paging, unknown values, repeated and malformed pairs.</summary>
    private static readonly (string Name, string Value)[] HostileQueries =
    [
        ("page-size-negative", "pageSize=-1&limit=-1"),
        ("page-size-text", "pageSize=abc&limit=abc"),
        ("page-size-huge", "pageSize=99999999999999999999&limit=99999999999999999999"),
        ("page-token-garbage", "pageToken=%FF%00%0D%0A&continuation=%FF"),
        ("unknown-values", "alt=xml&window=forever&key_type=both&from=yesterday"),
        ("repeated", "key=a&key=b&alt=sse&alt=json"),
        ("malformed", "=&&=%&a=%zz"),
    ];

    /// <summary>What replaces each field in turn ("wrong types in every field", unknown enums, numbers out of range).</summary>
    private static readonly (string Name, string Json)[] WrongValues =
    [
        ("null", "null"),
        ("bool", "true"),
        ("out-of-range", "1e400"),
        ("negative", "-1"),
        ("unknown-enum", "\"no-such-value\""),
        ("array", "[]"),
        ("object", "{}"),
    ];

    public static IReadOnlyList<HostileRequest> Generate()
    {
        var corpus = new List<HostileRequest>();
        foreach (var route in Routes)
        {
            corpus.Add(route.Request("valid", route.Body));
            if (route.Id is not null)
            {
                corpus.AddRange(HostileIds.Select(id => route.Request($"id-{id.Name}", route.Body, id: id.Value)));
            }

            if (route.Method == "GET")
            {
                corpus.AddRange(HostileQueries.Select(query => route.Request($"query-{query.Name}", null, query: query.Value)));
            }

            if (route.Body is { } body)
            {
                corpus.AddRange(BodyMutations(route, body));
            }
            else if (route.Method != "GET")
            {
                corpus.Add(route.Request("unexpected-body", """{"ids":["000000000000"]}"""));
            }
        }

        return corpus;
    }

    public static string ToJsonLines(IEnumerable<HostileRequest> corpus) =>
        string.Concat(corpus.Select(request => JsonSerializer.Serialize(request, LineOptions) + "\n"));

    public static IReadOnlyList<HostileRequest> Parse(string jsonLines) =>
        [.. jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<HostileRequest>(line, LineOptions)!)];

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private static IEnumerable<HostileRequest> BodyMutations(Route route, string body)
    {
        yield return route.Request("empty", "");
        yield return route.Request("truncated", body[..(body.Length / 2)]);
        yield return route.Request("invalid-json", "{\"model\": gemini, }");
        yield return route.Request("trailing-garbage", body + "}{");
        yield return route.Request("json-null", "null");
        yield return route.Request("json-array", "[]");
        yield return route.Request("json-array-of-body", $"[{body}]");
        yield return route.Request("json-string", "\"hello\"");
        yield return route.Request("json-number", "42");
        yield return route.Request("json-bool", "true");
        yield return route.Request("deep-nesting", HostileRequest.Nest(10_000));
        yield return route.Request("deep-nesting-in-field", $"{{\"model\":{HostileRequest.Nest(10_000)},\"contents\":{HostileRequest.Nest(10_000)}}}");
        yield return route.Request("huge-string", ReplaceFirstString(body, $"\"{HostileRequest.Repeat(4_000_000, "x")}\""));
        yield return route.Request("huge-array", ReplaceFirstArray(body, $"[{HostileRequest.Repeat(100_000, "{},")}{{}}]"));
        yield return route.Request("many-fields", "{" + HostileRequest.Repeat(20_000, "\"k\":0,") + body[1..]);
        yield return route.Request("duplicate-keys", DuplicateFirstKey(body));
        yield return route.Request("invalid-utf8", null, bodyBase64: InvalidUtf8(body));
        yield return route.Request("bom", "\uFEFF" + body);
        yield return route.Request("lone-surrogate", ReplaceFirstString(body, "\"\\ud800\""));
        yield return route.Request("nul-in-string", ReplaceFirstString(body, "\"a\\u0000b\""));
        yield return route.Request("wrong-content-type", body, headers: new() { ["Content-Type"] = "application/xml" });
        foreach (var (path, _) in Fields(JsonNode.Parse(body)!, "$"))
        {
            foreach (var (name, json) in WrongValues)
            {
                yield return route.Request($"field {path} {name}", Replace(body, path, json));
            }
        }
    }

    /// <summary>Every field and array item under the root, by path, with its value.</summary>
    private static IEnumerable<(string Path, JsonNode? Node)> Fields(JsonNode node, string path)
    {
        IEnumerable<(string, JsonNode?)> children = node switch
        {
            JsonObject obj => obj.Select(property => ($"{path}.{property.Key}", property.Value)),
            JsonArray array => array.Select((item, index) => ($"{path}[{index}]", item)),
            _ => [],
        };
        foreach (var (childPath, child) in children)
        {
            yield return (childPath, child);
            if (child is not null)
            {
                foreach (var descendant in Fields(child, childPath))
                {
                    yield return descendant;
                }
            }
        }
    }

    private static string Replace(string body, string path, string json)
    {
        const string Marker = "\u0001replace\u0001";
        var root = JsonNode.Parse(body)!;
        var target = root;
        var steps = path[1..].Replace("[", ".[", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        foreach (var step in steps[..^1])
        {
            target = step.StartsWith('[') ? target[int.Parse(step[1..^1], System.Globalization.CultureInfo.InvariantCulture)]! : target[step]!;
        }

        var last = steps[^1];
        if (last.StartsWith('['))
        {
            target[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = Marker;
        }
        else
        {
            target[last] = Marker;
        }

        return root.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
            .Replace($"\"{Marker.Replace("\u0001", "\\u0001", StringComparison.Ordinal)}\"", json, StringComparison.Ordinal);
    }

    private static string ReplaceFirstString(string body, string json)
    {
        // The first string value (after a colon), so a key keeps its name.
        var start = body.IndexOf(":\"", StringComparison.Ordinal) + 1;
        if (start == 0)
        {
            return body[..^1] + $",\"extra\":{json}}}";
        }

        var end = body.IndexOf('"', start + 1);
        return body[..start] + json + body[(end + 1)..];
    }

    private static string ReplaceFirstArray(string body, string json)
    {
        var start = body.IndexOf(":[", StringComparison.Ordinal) + 1;
        if (start == 0)
        {
            return body[..^1] + $",\"extra\":{json}}}";
        }

        var depth = 0;
        var end = start;
        for (; end < body.Length; end++)
        {
            depth += body[end] switch { '[' => 1, ']' => -1, _ => 0 };
            if (depth == 0)
            {
                break;
            }
        }

        return body[..start] + json + body[(end + 1)..];
    }

    private static string DuplicateFirstKey(string body)
    {
        var first = JsonNode.Parse(body)!.AsObject().First();
        return $"{{\"{first.Key}\":{{\"dup\":[1]}},{body[1..]}";
    }

    private static string InvalidUtf8(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(ReplaceFirstString(body, "\"\u0001\""));
        var at = Array.IndexOf(bytes, (byte)1);
        return Convert.ToBase64String([.. bytes[..at], 0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, .. bytes[(at + 1)..]]);
    }

    private sealed record Route(
        string Name, string Method, string Path, HostileProtocol Protocol, string? Body = null, string? Id = null,
        HostileAuth Auth = HostileAuth.Client, Dictionary<string, string>? Headers = null)
    {
        public HostileRequest Request(string variant, string? body, string? id = null, string? query = null, string? bodyBase64 = null, Dictionary<string, string>? headers = null)
        {
            var path = Path.Replace("{id}", id ?? Id, StringComparison.Ordinal);
            if (query is not null)
            {
                path += (path.Contains('?') ? '&' : '?') + query;
            }

            var all = Headers is null && headers is null ? null : new SortedDictionary<string, string>(Headers ?? [], StringComparer.Ordinal);
            foreach (var (name, value) in headers ?? [])
            {
                all![name] = value;
            }

            return new HostileRequest($"{Name} {variant}", Method, path, Protocol, Auth, body, bodyBase64, all);
        }
    }
}
