using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit;

/// <summary>Reads a stream of named server-sent events (Anthropic Messages, OpenAI Responses) as a client sees it.</summary>
public static class NamedSseEvents
{
    /// <summary>The events in order; each must be one <c>event:</c> and one <c>data:</c> line, and its data's type its event's name.</summary>
    public static List<(string Name, JsonNode Data)> Parse(string sse)
    {
        var events = new List<(string, JsonNode)>();
        foreach (var block in sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0]);
            Assert.StartsWith("data: ", lines[1]);
            var name = lines[0]["event: ".Length..];
            var data = JsonNode.Parse(lines[1]["data: ".Length..])!;
            Assert.Equal(name, data["type"]!.GetValue<string>());
            events.Add((name, data));
        }

        return events;
    }
}
