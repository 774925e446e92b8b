using System.Net;
using System.Text;
using System.Text.Json;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.ClientKeys;

/// <summary>Makes client keys through the admin API and calls every surface with one.</summary>
internal static class ClientKeysApi
{
    public const string Native = "v1beta/models/gemini-2.5-flash:generateContent";
    public const string NativeBody = """{"contents":[{"parts":[{"text":"hello"}]}]}""";

    public static async Task<(string Id, string Secret)> CreateClientAsync(this ProxyHost proxy, string fields)
    {
        var (json, _) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/clients", fields, HttpStatusCode.Created);
        return (json.GetProperty("id").GetString()!, json.GetProperty("secret").GetString()!);
    }

    /// <summary>One request on <paramref name="surface"/> (native, openai, responses, anthropic) with <paramref name="secret"/>, as its SDK sends it.</summary>
    public static Task<HttpResponseMessage> CallAsync(this ProxyHost proxy, string secret, string surface = "native", string model = "gemini-2.5-flash")
    {
        var (path, body) = surface switch
        {
            "native" => ($"v1beta/models/{model}:generateContent", NativeBody),
            "openai" => ("v1/chat/completions", $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hello"}]}"""),
            "responses" => ("v1/responses", $$"""{"model":"{{model}}","input":"hello"}"""),
            "anthropic" => ("v1/messages", $$"""{"model":"{{model}}","max_tokens":64,"messages":[{"role":"user","content":"hello"}]}"""),
            _ => throw new ArgumentOutOfRangeException(nameof(surface)),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        switch (surface)
        {
            case "native":
                request.Headers.Add("x-goog-api-key", secret);
                break;
            case "anthropic":
                request.Headers.Add("x-api-key", secret);
                request.Headers.Add("anthropic-version", "2023-06-01");
                break;
            default:
                request.Headers.Authorization = new("Bearer", secret);
                break;
        }

        return proxy.Client.SendAsync(request);
    }

    /// <summary>The error's message, read from whichever protocol's error shape the surface answers in (and checks that shape).</summary>
    public static async Task<(string Message, string? Code)> ErrorOfAsync(HttpResponseMessage response, string surface)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        switch (surface)
        {
            case "native":
                Assert.Equal((int)response.StatusCode, root.GetProperty("error").GetProperty("code").GetInt32());
                return (root.GetProperty("error").GetProperty("message").GetString()!, null);
            case "anthropic":
                Assert.Equal("error", root.GetProperty("type").GetString());
                var error = root.GetProperty("error");
                return (error.GetProperty("message").GetString()!,
                    error.TryGetProperty("details", out var details) ? details.GetProperty("error_code").GetString() : null);
            default:
                var openAi = root.GetProperty("error");
                Assert.True(openAi.TryGetProperty("type", out _));
                return (openAi.GetProperty("message").GetString()!, openAi.GetProperty("code").GetString());
        }
    }
}
