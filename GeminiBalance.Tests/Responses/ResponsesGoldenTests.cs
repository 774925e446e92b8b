using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Responses;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using GeminiBalance.Translation;

namespace GeminiBalance.Tests.Responses;

/// <summary>Request, response and stream translation of the Responses API against the golden files in Responses/Golden.</summary>
public sealed class ResponsesGoldenTests
{
    private static readonly GoldenFiles Golden = new("Responses");

    public static TheoryData<string> RequestCases => Golden.Cases("Request");

    public static TheoryData<string> ResponseCases => Golden.Cases("Response");

    public static TheoryData<string> StreamCases => Golden.Cases("Stream");

    [Theory]
    [MemberData(nameof(RequestCases))]
    public void Request(string name)
    {
        var golden = Golden.Read("Request", name);
        var translation = Translate(golden, golden["input"]!);

        var body = (JsonObject)JsonNode.Parse(translation.GeminiBody)!;
        // What Google would say about it: the emulator validates like Google does.
        ModelActionReplies.ReadGenerateContent(body);
        var actual = new JsonObject
        {
            ["model"] = translation.Model.Upstream,
            ["stream"] = translation.Stream,
            ["store"] = translation.Store,
            ["body"] = body,
            ["conversationItems"] = translation.Conversation.Count,
            ["echo"] = translation.Echo.DeepClone(),
        };
        Golden.AssertMatches("Request", name, golden, actual);
    }

    [Theory]
    [MemberData(nameof(ResponseCases))]
    public void Response(string name)
    {
        var golden = Golden.Read("Response", name);
        var output = new ResponseOutput(Reply(golden));
        using var response = JsonDocument.Parse(golden["input"]!.ToJsonString());
        output.Add(response.RootElement);

        Golden.AssertMatches("Response", name, golden, output.Complete());
    }

    [Theory]
    [MemberData(nameof(StreamCases))]
    public void Stream(string name)
    {
        var golden = Golden.Read("Stream", name);
        var buffer = new ArrayBufferWriter<byte>();
        var output = new ResponseOutput(Reply(golden), new ResponseEventWriter(buffer));
        foreach (var element in (JsonArray)golden["input"]!)
        {
            using var document = JsonDocument.Parse(element!.ToJsonString());
            output.Add(document.RootElement);
        }

        output.Complete();

        Golden.AssertMatches("Stream", name, golden, Events(buffer.WrittenSpan));
    }

    /// <summary>The named events as a JSON array of their payloads; checks the framing and that sequence numbers count up from 0.</summary>
    private static JsonArray Events(ReadOnlySpan<byte> sse)
    {
        var events = new JsonArray();
        var expected = 0;
        foreach (var block in Encoding.UTF8.GetString(sse).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
            Assert.Equal($"event: {data["type"]!.GetValue<string>()}", lines[0]);
            Assert.Equal(expected++, data["sequence_number"]!.GetValue<int>());
            events.Add(data);
        }

        return events;
    }

    private static ResponsesTranslation Translate(JsonObject golden, JsonNode request)
    {
        using var document = JsonDocument.Parse(request.ToJsonString());
        using var history = JsonDocument.Parse((golden["history"] ?? new JsonArray()).ToJsonString());
        return ResponsesRequestTranslator.Translate(
            document.RootElement, GoldenFiles.Options(golden), [.. history.RootElement.EnumerateArray()], new Dictionary<string, InlineMedia>());
    }

    private static ResponsesReply Reply(JsonObject golden)
    {
        var translation = Translate(golden, golden["request"] ?? JsonNode.Parse("""{"model":"gemini-2.5-flash","input":"hi"}""")!);
        var next = 0;
        var ids = new ResponsesIds(() => $"{++next:x4}{new string('0', 28)}");
        return ResponsesReply.For(translation, GoldenFiles.Options(golden), ids, new ManualTimeProvider(GoldenFiles.Created));
    }
}
