using System.Text.Json;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>A validated <c>POST embeddings</c> request (docs/protocols.md#openai-media).</summary>
internal sealed record OpenAiEmbeddingsRequest(string Model, IReadOnlyList<string> Inputs, int? Dimensions, bool Base64) : IOpenAiRequest
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "input", "model", "encoding_format", "dimensions", "user" };

    public IReadOnlyList<string> IgnoredFields { get; init; } = [];

    // OpenAI's own limit on inputs per request.
    public const int MaxInputs = 2048;

    public static OpenAiEmbeddingsRequest Parse(JsonElement request)
    {
        // "user" only identifies the end user to OpenAI's abuse monitoring; it changes nothing in the answer.
        var ignored = OpenAiFields.Check(request, Known);
        OpenAiFields.String(request, "user");
        var model = OpenAiFields.RequiredString(request, "model");
        model = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
        if (!ModelId.IsValid(model))
        {
            throw new OpenAiRequestException("model", $"'{model}' is not a valid model name.");
        }

        return new OpenAiEmbeddingsRequest(
            model,
            ReadInputs(request),
            OpenAiFields.Int(request, "dimensions", 1, 65_536),
            OpenAiFields.OneOf(request, "encoding_format", "float", "base64") == "base64")
        {
            IgnoredFields = ignored,
        };
    }

    private static string[] ReadInputs(JsonElement request)
    {
        const string tokens = "Token arrays are not supported: Gemini embeds text, so send 'input' as a string or an array of strings.";
        var input = OpenAiFields.Find(request, "input") ?? throw new OpenAiRequestException("input", "'input' is required.");
        if (input.ValueKind == JsonValueKind.String)
        {
            return [NonEmpty(input.GetString()!)];
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            throw new OpenAiRequestException("input", "'input' must be a string or an array of strings.");
        }

        var count = input.GetArrayLength();
        if (count is 0 or > MaxInputs)
        {
            throw new OpenAiRequestException("input", $"'input' must hold 1 to {MaxInputs} strings; it holds {count}.");
        }

        return input.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.String => NonEmpty(item.GetString()!),
            JsonValueKind.Number or JsonValueKind.Array => throw new OpenAiRequestException("input", tokens),
            _ => throw new OpenAiRequestException("input", "'input' must be a string or an array of strings."),
        }).ToArray();
    }

    private static string NonEmpty(string text) =>
        text.Length > 0 ? text : throw new OpenAiRequestException("input", "'input' must not contain empty strings.");
}
