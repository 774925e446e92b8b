using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Anthropic;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using GeminiBalance.Translation;

namespace GeminiBalance.Tests.Anthropic;

/// <summary>Request, response and stream translation against the golden files in Anthropic/Golden.</summary>
public sealed class AnthropicGoldenTests
{
    private static readonly GoldenFiles Golden = new("Anthropic");

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

        var translation = MessagesRequestTranslator.Translate(request.RootElement, GoldenFiles.Options(golden), downloaded);

        var body = (JsonObject)JsonNode.Parse(translation.GenerateContentBody())!;
        // What Google would say about it: the emulator validates like Google does.
        ModelActionReplies.ReadGenerateContent(body);
        var countTokens = (JsonObject)JsonNode.Parse(translation.CountTokensBody())!;
        ModelActionReplies.CountTokens(countTokens);
        Assert.Null(countTokens["generateContentRequest"]!["generationConfig"]);
        var actual = new JsonObject
        {
            ["model"] = translation.Model.Upstream,
            ["stream"] = translation.Stream,
            ["showThinking"] = translation.ShowThinking,
            ["body"] = body,
        };
        Golden.AssertMatches("Request", name, golden, actual);
    }

    [Theory]
    [MemberData(nameof(ResponseCases))]
    public void Response(string name)
    {
        var golden = Golden.Read("Response", name);
        using var response = JsonDocument.Parse(golden["input"]!.ToJsonString());
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            MessageResponseWriter.Write(writer, response.RootElement, Reply(golden));
        }

        Golden.AssertMatches("Response", name, golden, JsonNode.Parse(buffer.WrittenSpan)!);
    }

    [Theory]
    [MemberData(nameof(StreamCases))]
    public void Stream(string name)
    {
        var golden = Golden.Read("Stream", name);
        var translator = new MessageStreamTranslator(Reply(golden));
        var output = new ArrayBufferWriter<byte>();
        foreach (var element in (JsonArray)golden["input"]!)
        {
            translator.Translate(element!.ToJsonString(), output);
        }

        translator.Complete(output);

        Golden.AssertMatches("Stream", name, golden, Events(output.WrittenSpan));
    }

    /// <summary>
    /// The stream as a JSON array of data payloads. Also checks the framing (an event line, a data line whose type is the
    /// event's name) and Anthropic's sequence: message_start, ping, blocks with contiguous indexes each started, changed and
    /// stopped in turn, message_delta, message_stop (docs/protocols.md#conformance-seeds seed 12).
    /// </summary>
    private static JsonArray Events(ReadOnlySpan<byte> sse)
    {
        var events = new JsonArray();
        foreach (var block in Encoding.UTF8.GetString(sse).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
            Assert.Equal($"event: {data["type"]!.GetValue<string>()}", lines[0]);
            events.Add(data);
        }

        var types = events.Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["message_start", "ping"], types[..2]);
        Assert.Equal(["message_delta", "message_stop"], types[^2..]);
        var open = -1;
        var next = 0;
        foreach (var e in events.Skip(2).SkipLast(2))
        {
            var index = e!["index"]!.GetValue<int>();
            switch (e["type"]!.GetValue<string>())
            {
                case "content_block_start":
                    Assert.Equal((-1, next), (open, index));
                    open = next++;
                    break;
                case "content_block_delta":
                    Assert.Equal(open, index);
                    break;
                case "content_block_stop":
                    Assert.Equal(open, index);
                    open = -1;
                    break;
                default:
                    Assert.Fail($"unexpected event {e.ToJsonString()}");
                    break;
            }
        }

        Assert.Equal(-1, open);
        return events;
    }

    private static MessageReply Reply(JsonObject golden)
    {
        var options = GoldenFiles.Options(golden);
        var ids = GoldenFiles.SequentialIds();
        return new MessageReply(ids.Answer("msg_"), "gemini-2.5-flash", ids, golden["showThinking"]?.GetValue<bool>() ?? false, options.ShowSearchLink);
    }
}
