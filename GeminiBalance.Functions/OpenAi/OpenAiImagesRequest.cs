using System.Globalization;
using System.Text.Json;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary>A validated <c>POST images/generations</c> request (docs/protocols.md#openai-media, #media-to-gemini), resolved to one Gemini model.</summary>
/// <param name="Imagen">True for an Imagen model (<c>:predict</c>), false for a Gemini image model (<c>generateContent</c>).</param>
/// <param name="AspectRatio">The supported ratio nearest to the requested size; null for the model's default.</param>
/// <param name="Url">True to answer with links (<c>response_format: url</c>, OpenAI's default), false for <c>b64_json</c>.</param>
/// <param name="ImageSize">Imagen's <c>sampleImageSize</c> ("2K" for hd/high quality); null for its default.</param>
internal sealed record OpenAiImagesRequest(string Model, bool Imagen, string Prompt, int Count, string? AspectRatio, bool Url, string MimeType, string? ImageSize)
    : IOpenAiRequest
{
    // OpenAI's own fields that would change the picture or the answer's shape, and that Gemini cannot honour.
    private static readonly string[] Refused = ["background", "output_compression", "style", "partial_images"];

    // "user" and "moderation" only concern OpenAI's abuse monitoring; they change nothing here.
    private static readonly HashSet<string> Known = new(
        ["prompt", "model", "n", "size", "response_format", "output_format", "quality", "user", "moderation", "stream", .. Refused], StringComparer.Ordinal);

    public const int MaxPromptLength = 32_000;

    // Imagen makes at most 4 images per call; Gemini image models one per answer.
    public const int MaxImagenCount = 4;

    private static readonly string[] ImagenRatios = ["1:1", "3:4", "4:3", "9:16", "16:9"];
    private static readonly string[] GeminiRatios = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

    public static OpenAiImagesRequest Parse(JsonElement request, ProxyOptions options)
    {
        var ignored = OpenAiFields.Check(request, Known, Refused);
        if (OpenAiFields.Find(request, "stream") is { ValueKind: not JsonValueKind.False })
        {
            throw new OpenAiRequestException("stream", "Streamed image generation is not supported by this service; remove 'stream'.");
        }

        OpenAiFields.String(request, "user");
        var prompt = OpenAiFields.RequiredString(request, "prompt");
        if (prompt.Length > MaxPromptLength)
        {
            throw new OpenAiRequestException("prompt", $"'prompt' is {prompt.Length} characters long; the limit is {MaxPromptLength}.");
        }

        var model = OpenAiFields.String(request, "model") switch
        {
            null or "" => options.CreateImageModel,
            var name when name.StartsWith("dall-e", StringComparison.Ordinal) || name.StartsWith("gpt-image", StringComparison.Ordinal) => options.CreateImageModel,
            var name => name.StartsWith("models/", StringComparison.Ordinal) ? name["models/".Length..] : name,
        };
        if (!ModelId.IsValid(model))
        {
            throw new OpenAiRequestException("model", $"'{model}' is not a valid model name.");
        }

        var imagen = model.StartsWith("imagen", StringComparison.Ordinal);
        var count = OpenAiFields.Int(request, "n", 1, 10) ?? 1;
        if (count > (imagen ? MaxImagenCount : 1))
        {
            throw new OpenAiRequestException("n", imagen
                ? $"Imagen makes at most {MaxImagenCount} images per request; 'n' is {count}."
                : $"'{model}' makes one image per request; 'n' is {count}.");
        }

        var url = (OpenAiFields.OneOf(request, "response_format", "url", "b64_json") ?? "url") == "url";
        var mimeType = OpenAiFields.OneOf(request, "output_format", imagen ? ["png", "jpeg"] : ["png"]) == "jpeg" ? "image/jpeg" : "image/png";
        var imageSize = OpenAiFields.OneOf(request, "quality", imagen ? ["auto", "standard", "low", "medium", "high", "hd"] : ["auto", "standard", "low", "medium"])
            is "high" or "hd" ? "2K" : null;
        var ratio = NearestRatio(OpenAiFields.String(request, "size"), imagen ? ImagenRatios : GeminiRatios);
        return new OpenAiImagesRequest(model, imagen, prompt, count, ratio, url, mimeType, imageSize)
        {
            IgnoredFields = ignored,
        };
    }

    public IReadOnlyList<string> IgnoredFields { get; init; } = [];

    /// <summary>"1792x1024" → "16:9": the supported ratio nearest to the size's (OpenAI sizes rarely match one exactly).</summary>
    private static string? NearestRatio(string? size, string[] supported)
    {
        if (size is null or "auto")
        {
            return null;
        }

        var parts = size.Split('x');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width is < 1 or > 8192 || height is < 1 or > 8192)
        {
            throw new OpenAiRequestException("size", $"'{size}' is not a size; write WIDTHxHEIGHT (1024x1024, 1792x1024, …) or auto.");
        }

        var wanted = Math.Log((double)width / height);
        return supported.MinBy(ratio => Math.Abs(Math.Log(RatioValue(ratio)) - wanted));
    }

    private static double RatioValue(string ratio)
    {
        var colon = ratio.IndexOf(':', StringComparison.Ordinal);
        return double.Parse(ratio[..colon], CultureInfo.InvariantCulture) / double.Parse(ratio[(colon + 1)..], CultureInfo.InvariantCulture);
    }
}
