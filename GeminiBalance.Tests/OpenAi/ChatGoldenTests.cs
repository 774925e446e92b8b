using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.OpenAi;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using GeminiBalance.Translation;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.OpenAi;

/// <summary>Request, response and stream translation against the golden files in OpenAi/Golden.</summary>
public sealed class ChatGoldenTests
{
    private static readonly GoldenFiles Golden = new("OpenAi");

    public static TheoryData<string> RequestCases => Golden.Cases("Request");

    public static TheoryData<string> ResponseCases => Golden.Cases("Response");

    public static TheoryData<string> StreamCases => Golden.Cases("Stream");

    [Theory]
    [MemberData(nameof(RequestCases))]
    public void Request(string name)
    {
        var golden = Golden.Read("Request", name);
        var downloaded = GoldenFiles.Downloaded(golden);
        using var request = JsonDocument.Parse(golden["input"]!.ToJsonString());

        var translation = ChatRequestTranslator.Translate(request.RootElement, GoldenFiles.Options(golden), downloaded);

        var body = (JsonObject)JsonNode.Parse(translation.GeminiBody)!;
        // What Google would say about it: the emulator validates like Google does.
        ModelActionReplies.ReadGenerateContent(body);
        var actual = new JsonObject
        {
            ["model"] = translation.Model.Upstream,
            ["stream"] = translation.Stream,
            ["includeUsage"] = translation.IncludeUsage,
            ["body"] = body,
        };
        Golden.AssertMatches("Request", name, golden, actual);
    }

    [Theory]
    [MemberData(nameof(ResponseCases))]
    public void Response(string name)
    {
        var golden = Golden.Read("Response", name);
        var reply = Reply(golden, stream: false);
        using var response = JsonDocument.Parse(golden["input"]!.ToJsonString());
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ChatResponseWriter.Write(writer, response.RootElement, reply);
        }

        Golden.AssertMatches("Response", name, golden, JsonNode.Parse(buffer.WrittenSpan)!);
    }

    [Theory]
    [MemberData(nameof(StreamCases))]
    public void Stream(string name)
    {
        var golden = Golden.Read("Stream", name);
        var translator = new ChatStreamTranslator(Reply(golden, stream: true));
        var output = new ArrayBufferWriter<byte>();
        foreach (var element in (JsonArray)golden["input"]!)
        {
            translator.Translate(element!.ToJsonString(), output);
        }

        translator.Complete(output);

        Golden.AssertMatches("Stream", name, golden, Events(output.WrittenSpan));
    }

    /// <summary>The SSE events as a JSON array: each data payload parsed, [DONE] kept as a string. Also checks the framing.</summary>
    private static JsonArray Events(ReadOnlySpan<byte> sse)
    {
        var text = Encoding.UTF8.GetString(sse);
        Assert.EndsWith("\n\ndata: [DONE]\n\n", text);
        var events = new JsonArray();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("data: ", block);
            Assert.DoesNotContain('\n', block);
            var data = block["data: ".Length..];
            events.Add(data == "[DONE]" ? JsonValue.Create(data) : JsonNode.Parse(data));
        }

        return events;
    }

    private static ChatReply Reply(JsonObject golden, bool stream)
    {
        var options = GoldenFiles.Options(golden);
        var legacy = golden["legacyFunctions"]?.GetValue<bool>() ?? false;
        var includeUsage = stream && (golden["includeUsage"]?.GetValue<bool>() ?? false);
        var translation = new ChatTranslation("gemini-2.5-flash", ModelName.Parse("gemini-2.5-flash", options), stream, includeUsage, legacy, []);
        return ChatReply.For(translation, options, GoldenFiles.SequentialIds(), new ManualTimeProvider(GoldenFiles.Created));
    }
}
