using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeminiBalance.Streaming;
using GeminiBalance.Tests.TestKit.GeminiEmulator;
using GeminiBalance.Translation;

namespace GeminiBalance.Tests.OpenAi;

/// <summary>The protocol-neutral pieces the translated surfaces share.</summary>
public sealed class TranslationBlocksTests
{
    [Fact]
    public void ToolCallId_CarriesTheFunctionName()
    {
        var id = ToolCallIds.Create("get_weather.v2:x-y", "0123456789abcdef0123");

        Assert.Equal("call_0123456789abcdef_get_weather.v2:x-y", id);
        Assert.Equal("get_weather.v2:x-y", ToolCallIds.FunctionNameOf(id));
    }

    [Theory]
    [InlineData("call_abc")]
    [InlineData("call_0123456789ABCDEF_f")]
    [InlineData("toolu_0123456789abcdef_f")]
    [InlineData("call_0123456789abcdef_")]
    public void ToolCallId_OfSomeoneElse_HasNoName(string id) => Assert.Null(ToolCallIds.FunctionNameOf(id));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd00::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    public void NonPublicAddressesAreRefused(string address) => Assert.False(PublicAddress.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("142.250.74.106")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void PublicAddressesAreAllowed(string address) => Assert.True(PublicAddress.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void SchemaCleaner_OutputIsAcceptedWhereTheRawSchemaIsRefused()
    {
        // docs/protocols.md#conformance-seeds seed 7: additionalProperties, $schema, const, type arrays and $ref must all come out acceptable.
        const string schema = """
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "properties":{"a":{"type":["string","null"]},"b":{"const":"x"},"c":{"$ref":"#/definitions/c"},
               "d":{"type":"array","items":{"type":"object","properties":{"e":{"type":"number","exclusiveMaximum":5}},"propertyNames":{"pattern":"^e$"}}},
               "f":{"anyOf":[{"type":"string"},{"type":"null"}]},"g":{"if":{"type":"string"},"then":{"minLength":1},"not":{"type":"number"}}},
             "definitions":{"c":{"type":"object","properties":{"z":{"type":"boolean","deprecated":true}}}}}
            """;
        using var document = JsonDocument.Parse(schema);
        var raw = JsonNode.Parse(schema);

        var refused = Assert.Throws<EmulatedErrorException>(() => GeminiSchemaValidator.Validate(raw, "tools[0].function_declarations[0].parameters"));
        var cleaned = JsonSchemaCleaner.Clean(document.RootElement, "parameters");
        GeminiSchemaValidator.Validate(cleaned, "tools[0].function_declarations[0].parameters");

        Assert.Contains("Unknown name \"$schema\"", refused.Error.Message);
        Assert.Equal("STRING", cleaned["properties"]!["a"]!["type"]!.GetValue<string>());
        Assert.True(cleaned["properties"]!["a"]!["nullable"]!.GetValue<bool>());
        Assert.True(cleaned["properties"]!["f"]!["nullable"]!.GetValue<bool>());
        Assert.Equal("BOOLEAN", cleaned["properties"]!["c"]!["properties"]!["z"]!["type"]!.GetValue<string>());
        Assert.Equal(5, cleaned["properties"]!["d"]!["items"]!["properties"]!["e"]!["maximum"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("data: {\"a\":1}\r\n\r\ndata: {\"b\":2}\r\n\r\n")]
    [InlineData("data: {\"a\":1}\n\ndata:{\"b\":2}\n\n")]
    [InlineData(": comment\nevent: x\ndata: {\"a\":1}\r\rdata: {\"b\":2}\r\r")]
    public void SseData_IsReadWhateverTheLineEnds(string events) =>
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], SseData.Read(Encoding.UTF8.GetBytes(events)));

    [Theory]
    [InlineData("data: one\ndata:two\ndata:  three\n\n", "one\ntwo\n three")]
    [InlineData("data: {\"t\":\"héllo ✓\"}\r\n\r\n", "{\"t\":\"héllo ✓\"}")]
    [InlineData("data:\n\n", "")]
    [InlineData("id: 1\r\ndata: last, without its blank line", "last, without its blank line")]
    [InlineData("data: a\r\r\ndata: b\n\n", "a|b")]
    public void SseData_JoinsLinesKeepsTextAndReadsAnUnendedEvent(string events, string expected) =>
        Assert.Equal(expected.Split('|'), SseData.Read(Encoding.UTF8.GetBytes(events)));

    [Fact]
    public void Usage_CountsThinkingAsOutput()
    {
        using var response = JsonDocument.Parse("""{"usageMetadata":{"promptTokenCount":83,"candidatesTokenCount":14,"thoughtsTokenCount":104,"totalTokenCount":201}}""");

        var usage = GeminiUsage.Read(response.RootElement)!;

        Assert.Equal(118, usage.Output);
        Assert.Equal(new GeminiBalance.Upstream.TokenUsage(83, 14, 104, 201), usage.ToTokenUsage());
    }

    [Theory]
    [InlineData("STOP", "Stop")]
    [InlineData("MAX_TOKENS", "Length")]
    [InlineData("SAFETY", "ContentFilter")]
    [InlineData("BLOCKLIST", "ContentFilter")]
    [InlineData("PROHIBITED_CONTENT", "ContentFilter")]
    [InlineData("IMAGE_SAFETY", "ContentFilter")]
    [InlineData("MALFORMED_FUNCTION_CALL", "Stop")]
    public void FinishReasonsMapToCauses(string reason, string cause) => Assert.Equal(cause, GeminiFinishReason.Classify(reason).ToString());
}
