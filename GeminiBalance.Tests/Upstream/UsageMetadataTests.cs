using System.Text;
using GeminiBalance.Streaming;
using GeminiBalance.Tests.Streaming;
using GeminiBalance.Upstream;

namespace GeminiBalance.Tests.Upstream;

public sealed class UsageMetadataTests
{
    // From the capture in docs/protocols.md#gemini-streaming: cumulative usage on every event, thoughts counted apart from candidates;
    // the text of the second event quotes the property name, which must not be taken for it.
    private const string Sse =
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Okay\"}],\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":1,\"totalTokenCount\":2047,\"thoughtsTokenCount\":2042},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n"
        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a \\\"usageMetadata\\\": {} here\"}],\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":30,\"totalTokenCount\":2076,\"thoughtsTokenCount\":2042},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n"
        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" create\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":49,\"totalTokenCount\":2095,\"thoughtsTokenCount\":2042,\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":4}]},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n";

    // The pretty-printed array Google streams without alt=sse; older models report usage on the last element only.
    private const string JsonArray =
        "[{\n  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"chunk 0 \"}], \"role\": \"model\"}, \"index\": 0}],\n  \"modelVersion\": \"gemini-2.0-flash\"\n}\n,\r\n"
        + "{\n  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"chunk 1 \"}], \"role\": \"model\"}, \"finishReason\": \"STOP\", \"index\": 0}],\n  \"usageMetadata\": {\n    \"promptTokenCount\": 7,\n    \"candidatesTokenCount\": 4,\n    \"totalTokenCount\": 11\n  },\n  \"modelVersion\": \"gemini-2.0-flash\"\n}\n]";

    private const string Whole =
        "{\n  \"candidates\": [{\"content\": {\"parts\": [{\"text\": \"usageMetadata\"}], \"role\": \"model\"}, \"finishReason\": \"STOP\", \"index\": 0}],\n"
        + "  \"usageMetadata\": {\n    \"promptTokenCount\": 83,\n    \"candidatesTokenCount\": 14,\n    \"totalTokenCount\": 201,\n    \"thoughtsTokenCount\": 104\n  },\n"
        + "  \"modelVersion\": \"gemini-2.5-flash\",\n  \"responseId\": \"IZI2acSKMoWl0-kPmYj2yQc\"\n}\n";

    [Fact]
    public async Task Sse_AnyReadBoundaries_ReportsTheLastEventsUsageAndRelaysEveryByte() =>
        await AssertUsageAtEverySplit(new SseFramer(), Sse, new TokenUsage(4, 49, 2042, 2095));

    [Fact]
    public async Task JsonArray_AnyReadBoundaries_ReportsTheLastElementsUsageAndRelaysEveryByte() =>
        await AssertUsageAtEverySplit(new JsonArrayFramer(), JsonArray, new TokenUsage(7, 4, 0, 11));

    [Fact]
    public async Task StreamWithoutUsage_ReportsNone()
    {
        var (usage, _) = await RelayAsync(new SseFramer(), "data: {\"candidates\":[]}\r\n\r\n", [3, 100]);
        Assert.Null(usage);
    }

    [Fact]
    public void WholeDocument_LargerThanTheTail_TheUsageIsFoundInItsLastBytes()
    {
        // A unary answer is held whole and its usage read from the last 8 KiB, as PassThroughRelay does.
        var padding = "{\"candidates\": [{\"content\": {\"parts\": [{\"inlineData\": {\"data\": \"" + new string('A', 100_000) + "\"}}]}}],";
        var bytes = Encoding.UTF8.GetBytes(padding + Whole[1..]);

        Assert.Equal(new TokenUsage(83, 14, 104, 201), UsageMetadataReader.FindLast(bytes.AsSpan(bytes.Length - 8 * 1024)));
    }

    [Theory]
    [InlineData("{\"usageMetadata\": {\"promptTokenCount\": 3")]
    [InlineData("{\"text\": \"usageMetadata\"}")]
    [InlineData("{\"usageMetadata\": [1, 2]}")]
    [InlineData("tokenCount\": 3}, \"usageMetadata\"")]
    public void CutOrMisleadingBytes_ReportNoUsage(string json) =>
        Assert.Null(UsageMetadataReader.FindLast(Encoding.UTF8.GetBytes(json)));

    private static async Task AssertUsageAtEverySplit(IStreamFramer prototype, string stream, TokenUsage expected)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        var plans = Enumerable.Range(1, bytes.Length - 1).Select(split => new[] { split, bytes.Length - split })
            .Append(Enumerable.Repeat(1, bytes.Length).ToArray())
            .Append([bytes.Length]);
        foreach (var plan in plans)
        {
            var (usage, relayed) = await RelayAsync((IStreamFramer)Activator.CreateInstance(prototype.GetType())!, stream, plan);
            Assert.Equal(expected, usage);
            Assert.Equal(stream, relayed);
        }
    }

    private static async Task<(TokenUsage? Usage, string Relayed)> RelayAsync(IStreamFramer framer, string stream, int[] readSizes)
    {
        var bytes = Encoding.UTF8.GetBytes(stream);
        using var source = new ChunkedReadStream(bytes, readSizes);
        using var destination = new MemoryStream();
        TokenUsage? usage = null;
        await StreamRelay.CopyAsync(source, destination, framer, elements => usage = UsageMetadataReader.FindLast(elements) ?? usage, CancellationToken.None);
        return (usage, Encoding.UTF8.GetString(destination.ToArray()));
    }
}
