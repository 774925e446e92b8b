using System.Text;
using GeminiBalance.Streaming;

namespace GeminiBalance.Tests.Streaming;

public sealed class FramerTests
{
    public static TheoryData<string[]> SseStreams => new()
    {
        new[] { "data: {\"a\":1}\r\n\r\n", "data: {\"b\":2}\r\n\r\n" },
        new[] { "data: {\"a\":1}\n\n", "data: {\"b\":2}\n\n" },
        new[] { "data: {\"a\":1}\r\r", "data: {\"b\":2}\r\r" },
        new[] { "data: {\"a\":1}\r\n\n", "data: {\"b\":2}\n\r\n" },
        new[] { "event: x\r\ndata: {\"a\":\"\\n\\n\"}\r\ndata: more\r\n\r\n", "data: {\"b\":2}\r\n\r\n", "data: {\"c\":3}\r\n\r\n" },
    };

    public static TheoryData<string[]> JsonArrayStreams => new()
    {
        // Brackets and escaped quotes inside strings must not count; separators as Google writes them.
        new[] { "[{\n  \"text\": \"a } ] { [ \\\" still string\",\n  \"n\": [1, {\"x\": 2}]\n}", "\n,\r\n{\n  \"text\": \"b\"\n}", "\n]" },
        new[] { "[{\"error\": {\"code\": 429, \"message\": \"quota {x}\"}}", "]" },
    };

    [Theory]
    [MemberData(nameof(SseStreams))]
    public void SseFramer_AnyReadBoundaries_FlushesOnlyWholeEvents(string[] events) =>
        AssertFlushesWholeElements(() => new SseFramer(), events);

    [Theory]
    [MemberData(nameof(JsonArrayStreams))]
    public void JsonArrayFramer_AnyReadBoundaries_FlushesOnlyWholeElements(string[] elements) =>
        AssertFlushesWholeElements(() => new JsonArrayFramer(), elements);

    [Fact]
    public void SseFramer_CrLfSplitBetweenReads_KeepsTheLineFeedWithItsEvent()
    {
        var framer = new SseFramer();
        Assert.Equal(10, framer.Scan("data: x\r\n\r"u8));
        Assert.Equal(1, framer.Scan("\ndata: y"u8));
    }

    [Fact]
    public void SseFramer_UnfinishedEvent_ReportsNothing() =>
        Assert.Equal(0, new SseFramer().Scan("data: {\"a\":1}\r\n"u8));

    [Fact]
    public void JsonArrayFramer_UnfinishedElement_ReportsNothing() =>
        Assert.Equal(0, new JsonArrayFramer().Scan("[{\"text\": \"}\""u8));

    /// <summary>
    /// Reads the stream with every two-way split and byte by byte, relaying as <see cref="StreamRelay"/> does,
    /// and checks that nothing is lost and every flush ends exactly at an element boundary.
    /// </summary>
    private static void AssertFlushesWholeElements(Func<IStreamFramer> newFramer, string[] elements)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(elements));
        var readPlans = Enumerable.Range(1, bytes.Length - 1).Select(split => new[] { split, bytes.Length - split })
            .Append(Enumerable.Repeat(1, bytes.Length).ToArray())
            .Append([bytes.Length]);
        foreach (var plan in readPlans)
        {
            var flushes = Relay(newFramer(), bytes, plan);
            Assert.Equal(string.Concat(elements), string.Concat(flushes));
            AssertEachFlushIsWholeElements(flushes, elements, plan);
        }

        // Byte by byte, each element is flushed on its own, as soon as it is complete.
        var single = Relay(newFramer(), bytes, Enumerable.Repeat(1, bytes.Length).ToArray());
        Assert.Equal(elements, MoveSplitLineFeeds(single));
    }

    private static void AssertEachFlushIsWholeElements(List<string> flushes, string[] elements, int[] plan)
    {
        var next = 0;
        foreach (var flush in MoveSplitLineFeeds(flushes))
        {
            var taken = new StringBuilder();
            while (taken.Length < flush.Length && next < elements.Length)
            {
                taken.Append(elements[next++]);
            }

            Assert.True(taken.ToString() == flush, $"reads [{string.Join(",", plan)}]: flush «{flush}» is not whole elements");
        }
    }

    // An event may end at the CR of a CRLF that is split between reads; its LF then opens the next flush
    // but belongs to the event before it.
    private static List<string> MoveSplitLineFeeds(List<string> flushes)
    {
        var merged = new List<string>();
        foreach (var flush in flushes)
        {
            var rest = flush;
            if (merged.Count > 0 && merged[^1].EndsWith('\r') && rest.StartsWith('\n'))
            {
                merged[^1] += "\n";
                rest = rest[1..];
            }

            if (rest.Length > 0)
            {
                merged.Add(rest);
            }
        }

        return merged;
    }

    private static List<string> Relay(IStreamFramer framer, byte[] bytes, int[] readSizes)
    {
        var flushes = new List<string>();
        var pendingStart = 0;
        var offset = 0;
        foreach (var size in readSizes)
        {
            var complete = framer.Scan(bytes.AsSpan(offset, size));
            offset += size;
            if (complete > 0)
            {
                var end = offset - size + complete;
                flushes.Add(Encoding.UTF8.GetString(bytes, pendingStart, end - pendingStart));
                pendingStart = end;
            }
        }

        if (pendingStart < bytes.Length)
        {
            flushes.Add(Encoding.UTF8.GetString(bytes, pendingStart, bytes.Length - pendingStart));
        }

        return flushes;
    }
}
