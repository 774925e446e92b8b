using System.Net.Http.Headers;

namespace GeminiBalance.Benchmarks.Load;

/// <summary>One kind of request, sent the same way to every path; the body bytes are shared, never copied.</summary>
internal sealed record RequestShape(string PathAndQuery, byte[] Body, ClientAuth Auth, bool Streaming)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public HttpRequestMessage Create(Uri baseUrl, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, PathAndQuery)) { Content = new ByteArrayContent(Body) };
        request.Content.Headers.ContentType = Json;
        switch (Auth)
        {
            case ClientAuth.GoogleKey:
                request.Headers.TryAddWithoutValidation("x-goog-api-key", token);
                break;
            case ClientAuth.Bearer:
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
                break;
            case ClientAuth.AnthropicKey:
                request.Headers.TryAddWithoutValidation("x-api-key", token);
                request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
                break;
        }

        return request;
    }
}
