using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace GeminiBalance.Tests.TestKit;

/// <summary>The official OpenAI .NET SDK pointed at the proxy, the way users configure it: a base URL and an API key.</summary>
public static class OpenAiSdk
{
    /// <param name="prefix">"v1", "openai/v1" or "hf/v1".</param>
    public static OpenAIClient Client(ProxyHost proxy, string prefix = "v1", string token = ProxyHost.ClientToken) =>
        new(new ApiKeyCredential(token), new OpenAIClientOptions
        {
            Endpoint = new Uri(proxy.BaseUrl, prefix),
            // The proxy already retries on other keys; SDK retries would only blur what a test sees.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    /// <summary>A raw request with the OpenAI SDKs' credential, for asserting exact JSON shapes.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string token = ProxyHost.ClientToken)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}
