using System.Text;
using System.Text.Json;
using GeminiBalance.Benchmarks.Load;

namespace GeminiBalance.Benchmarks.Scenarios;

/// <summary>The requests of issue #7, each with the native Gemini request it is measured against.</summary>
internal static class ScenarioCatalog
{
    public const string Model = "gemini-2.5-flash";
    private const string Prompt = "Hello, how are you today?";

    public static IReadOnlyList<Scenario> All(int streamChunks)
    {
        var generate = new RequestShape($"v1beta/models/{Model}:generateContent", GeminiBody(TextPart()), ClientAuth.GoogleKey, Streaming: false);
        var stream = new RequestShape($"v1beta/models/{Model}:streamGenerateContent?alt=sse", GeminiBody(TextPart()), ClientAuth.GoogleKey, Streaming: true);
        var image = generate with { Body = GeminiBody(ImagePart(1024 * 1024), TextPart()) };
        var chat = new RequestShape("v1/chat/completions", Json(new { model = Model, messages = new[] { new { role = "user", content = Prompt } } }), ClientAuth.Bearer, Streaming: false);
        var chatStream = new RequestShape("v1/chat/completions", Json(new { model = Model, stream = true, messages = new[] { new { role = "user", content = Prompt } } }), ClientAuth.Bearer, Streaming: true);
        var messagesStream = new RequestShape("v1/messages", Json(new { model = Model, max_tokens = 1024, stream = true, messages = new[] { new { role = "user", content = Prompt } } }), ClientAuth.AnthropicKey, Streaming: true);
        return
        [
            new("native generateContent", generate, generate, Translated: false),
            new("OpenAI chat completion", generate, chat, Translated: true),
            new($"OpenAI chat stream, {streamChunks} chunks", stream, chatStream, Translated: true),
            new($"Anthropic messages stream, {streamChunks} chunks", stream, messagesStream, Translated: true),
            new($"native stream (SSE), {streamChunks} chunks", stream, stream, Translated: false),
            new("1 MB body (inline image)", image, image, Translated: false),
        ];
    }

    private static object TextPart() => new { text = Prompt };

    private static object ImagePart(int bytes)
    {
        // Random bytes, so nothing on the way could shrink them; base64 makes a 1 MB body of about 0.75 MB of image.
        var data = new byte[bytes * 3 / 4];
        new Random(7).NextBytes(data);
        return new { inline_data = new { mime_type = "image/png", data = Convert.ToBase64String(data) } };
    }

    private static byte[] GeminiBody(params object[] parts) => Json(new { contents = new[] { new { role = "user", parts } } });

    private static byte[] Json(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value));
}
