using System.Text;
using System.Text.Json;
using GeminiBalance.OpenAi;

namespace GeminiBalance.Tests.OpenAi;

public sealed class OpenAiEmbeddingsTranslationTests
{
    [Fact]
    public void ToGemini_EveryRequestNamesTheModelAndCarriesDimensions()
    {
        var request = Parse("""{"model":"models/gemini-embedding-001","input":["a","b","c"],"dimensions":8}""");

        var body = Encoding.UTF8.GetString(OpenAiEmbeddingsTranslation.ToGemini(request, 1, 2));

        Assert.Equal(
            """{"requests":[{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"b"}]},"outputDimensionality":8},"""
            + """{"model":"models/gemini-embedding-001","content":{"parts":[{"text":"c"}]},"outputDimensionality":8}]}""",
            body);
    }

    [Fact]
    public void WriteResponse_Base64PacksLittleEndianFloat32AndFloatWritesNumbers()
    {
        float[][] vectors = [[1f, -2.5f], [0.125f, 0f]];

        var base64 = Write(Parse("""{"model":"m","input":["x","y"],"encoding_format":"base64"}"""), vectors);
        var floats = Write(Parse("""{"model":"m","input":["x","y"]}"""), vectors);

        // 1.0f = 00 00 80 3F, -2.5f = 00 00 20 C0 (little-endian).
        Assert.Equal(
            """{"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPwAAIMA="},{"object":"embedding","index":1,"embedding":"AAAAPgAAAAA="}],"model":"m","usage":{"prompt_tokens":0,"total_tokens":0}}""",
            base64);
        Assert.Equal(
            """{"object":"list","data":[{"object":"embedding","index":0,"embedding":[1,-2.5]},{"object":"embedding","index":1,"embedding":[0.125,0]}],"model":"m","usage":{"prompt_tokens":0,"total_tokens":0}}""",
            floats);
    }

    [Fact]
    public void ReadVectors_RefusesAnAnswerWithTheWrongCount()
    {
        using var answer = JsonDocument.Parse("""{"embeddings":[{"values":[0.5,1]}]}""");

        Assert.Equal([0.5f, 1f], Assert.Single(OpenAiEmbeddingsTranslation.ReadVectors(answer.RootElement, 1)!));
        Assert.Null(OpenAiEmbeddingsTranslation.ReadVectors(answer.RootElement, 2));
    }

    [Theory]
    [InlineData("""{"input":"x"}""", "model")]
    [InlineData("""{"model":"m"}""", "input")]
    [InlineData("""{"model":"m","input":[1,2,3]}""", "input")]
    [InlineData("""{"model":"m","input":[[1,2],[3]]}""", "input")]
    [InlineData("""{"model":"m","input":[]}""", "input")]
    [InlineData("""{"model":"m","input":""}""", "input")]
    [InlineData("""{"model":"m","input":"x","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"model":"m","input":"x","dimensions":0}""", "dimensions")]
    [InlineData("""{"model":"../m","input":"x"}""", "model")]
    public void Parse_BadRequest_NamesTheField(string json, string field) =>
        OpenAiRefusal.AssertNames(field, () => Parse(json));

    [Fact]
    public void Parse_FieldsOpenAiDoesNotDefineAreIgnoredAndListed()
    {
        var request = Parse("""{"model":"m","input":"x","task":"search","user":"u1","truncate":true}""");

        Assert.Equal(["task", "truncate"], request.IgnoredFields);
        Assert.Equal(["x"], request.Inputs);
    }

    private static OpenAiEmbeddingsRequest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return OpenAiEmbeddingsRequest.Parse(document.RootElement);
    }

    private static string Write(OpenAiEmbeddingsRequest request, float[][] vectors)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            OpenAiEmbeddingsTranslation.WriteResponse(writer, request, vectors);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
