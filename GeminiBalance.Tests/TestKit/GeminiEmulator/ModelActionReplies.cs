using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>Replies for the non-streaming model methods; each validates its body and throws <see cref="EmulatedErrorException"/> on bad input.</summary>
internal static class ModelActionReplies
{
    // GenerateContentRequest's fields (docs/protocols.md#gemini-request); anything else is rejected by Google's proto3 JSON parser.
    private static readonly string[] GenerateContentFields =
        ["contents", "systemInstruction", "tools", "toolConfig", "safetySettings", "generationConfig", "cachedContent", "model"];

    private const string ContentType = "type.googleapis.com/google.ai.generativelanguage.v1beta.Content";

    // A valid 1x1 PNG, so clients that decode the image do not choke.
    public const string PngBase64 =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    public static GeminiPrompt ReadGenerateContent(JsonObject body)
    {
        var unknown = body.Select(p => p.Key).FirstOrDefault(name => !GenerateContentFields.Any(f => f == name || JsonFields.ToSnake(f) == name));
        if (unknown is not null)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidJson($"Unknown name \"{unknown}\": Cannot find field."));
        }

        var prompt = GeminiPrompt.Read(body, "GenerateContentRequest", contentsRequired: true);
        GenerateContentValidator.Validate(body);
        return prompt;
    }

    public static JsonObject CountTokens(JsonObject body)
    {
        // generateContentRequest wins over contents when both are present (docs/protocols.md#token-counting).
        var nested = JsonFields.GetObject(body, "generateContentRequest", "generate_content_request", "GenerateContentRequest");
        var prompt = nested is null
            ? GeminiPrompt.Read(body, "CountTokensRequest", contentsRequired: false)
            : GeminiPrompt.Read(nested, "GenerateContentRequest", contentsRequired: true);
        return new JsonObject { ["totalTokens"] = prompt.TokenCount };
    }

    public static JsonObject EmbedContent(JsonObject body, EmulatedModel model) =>
        new() { ["embedding"] = Embed(body, model, "EmbedContentRequest", "") };

    public static JsonObject BatchEmbedContents(JsonObject body, EmulatedModel model)
    {
        var requests = JsonFields.GetArray(body, "requests", "requests", "EmbedContentRequest");
        if (requests is null || requests.Count == 0)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("* BatchEmbedContentsRequest.requests: requests is not specified"));
        }

        if (requests.Count > 100)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch"));
        }

        var embeddings = new JsonArray();
        for (var i = 0; i < requests.Count; i++)
        {
            var path = $"requests[{i}]";
            var request = requests[i] as JsonObject ?? throw JsonFields.InvalidValue(path, "EmbedContentRequest", requests[i]);
            var innerModel = JsonFields.GetString(request, "model", $"{path}.model");
            if (innerModel is null || (innerModel.StartsWith("models/", StringComparison.Ordinal) ? innerModel[7..] : innerModel) != model.Id)
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument(
                    $"* BatchEmbedContentsRequest.{path}.model: Model \"{innerModel}\" in the request does not match the model \"models/{model.Id}\" in the URL."));
            }

            embeddings.Add(Embed(request, model, $"BatchEmbedContentsRequest.{path}", $"{path}."));
        }

        return new JsonObject { ["embeddings"] = embeddings };
    }

    public static JsonObject Predict(JsonObject body)
    {
        var instances = JsonFields.GetArray(body, "instances", "instances", "google.protobuf.Value");
        if (instances is null || instances.Count == 0)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("* PredictRequest.instances: instances is not specified"));
        }

        var parameters = JsonFields.GetObject(body, "parameters", "parameters", "google.protobuf.Value");
        var sampleCount = parameters is null ? null : JsonFields.GetInt(parameters, "sampleCount", "parameters.sampleCount");
        if (sampleCount is < 1 or > 4)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("Number of images to generate (sampleCount) must be between 1 and 4."));
        }

        var predictions = new JsonArray();
        for (var i = 0; i < instances.Count; i++)
        {
            if (instances[i] is not JsonObject instance || JsonFields.GetString(instance, "prompt", $"instances[{i}].prompt") is null)
            {
                throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* PredictRequest.instances[{i}].prompt: prompt is required"));
            }

            for (var s = 0; s < (sampleCount ?? 1); s++)
            {
                predictions.Add(new JsonObject { ["bytesBase64Encoded"] = PngBase64, ["mimeType"] = "image/png" });
            }
        }

        return new JsonObject { ["predictions"] = predictions };
    }

    private static JsonObject Embed(JsonObject request, EmulatedModel model, string requestType, string fieldPrefix)
    {
        var content = JsonFields.GetObject(request, "content", $"{fieldPrefix}content", ContentType)
            ?? throw new EmulatedErrorException(EmulatedErrors.InvalidArgument($"* {requestType}.content: content is not specified"));
        var text = GeminiPrompt.TextOf(content, $"{requestType}.content", $"{fieldPrefix}content");
        var dimensions = JsonFields.GetInt(request, "outputDimensionality", $"{fieldPrefix}output_dimensionality") ?? model.EmbeddingDimensions;
        if (dimensions < 1 || dimensions > model.EmbeddingDimensions)
        {
            throw new EmulatedErrorException(EmulatedErrors.InvalidArgument(
                $"* {requestType}.output_dimensionality: must be between 1 and {model.EmbeddingDimensions}"));
        }

        return EmbeddingValues.For(text, dimensions);
    }
}
