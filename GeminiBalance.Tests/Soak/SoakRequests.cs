using System.Text;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Soak;

/// <summary>The request each <see cref="SoakRequestKind"/> sends, as its SDK would.</summary>
internal static class SoakRequests
{
    public const string Model = "gemini-2.5-flash";

    public static HttpRequestMessage Create(SoakRequestKind kind, string prompt)
    {
        var native = kind is SoakRequestKind.NativePlain or SoakRequestKind.NativeStream;
        var stream = kind is SoakRequestKind.NativeStream or SoakRequestKind.OpenAiStream;
        object body = native
            ? new { contents = new[] { new { role = "user", parts = new[] { new { text = prompt } } } } }
            : new { model = Model, stream, messages = new[] { new { role = "user", content = prompt } } };
        var path = native
            ? $"v1beta/models/{Model}:{(stream ? "streamGenerateContent?alt=sse" : "generateContent")}"
            : "v1/chat/completions";
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (native)
        {
            request.Headers.Add("x-goog-api-key", ProxyHost.ClientToken);
        }
        else
        {
            request.Headers.Add("Authorization", "Bearer " + ProxyHost.ClientToken);
        }

        return request;
    }
}
