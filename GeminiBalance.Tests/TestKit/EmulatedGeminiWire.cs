using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit;

/// <summary>Client-side helpers for talking to <see cref="EmulatedGemini"/> (or a proxy in front of it) in tests.</summary>
internal static class EmulatedGeminiWire
{
    /// <summary>Upper bound for awaits that only hang when the code under test is broken; never an assertion about speed.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static HttpRequestMessage Post(string pathAndQuery, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }

    public static HttpRequestMessage Get(string pathAndQuery, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())
        ?? throw new InvalidOperationException("The response body was JSON null.");

    /// <summary>Reads one SSE event and returns its data, or null at the end of the stream.</summary>
    public static async Task<string?> ReadSseDataAsync(StreamReader reader)
    {
        string? data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                return data;
            }

            data = line.StartsWith("data: ", StringComparison.Ordinal)
                ? line["data: ".Length..]
                : throw new InvalidOperationException($"Unexpected SSE line: {line}");
        }

        return data;
    }

    /// <summary>Sends, then returns the status and the google.rpc.Status <c>error</c> object of the reply.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode Error)> SendForErrorAsync(this HttpClient http, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await http.SendAsync(request);
            var json = await ReadJsonAsync(response);
            return (response.StatusCode, json["error"] ?? throw new InvalidOperationException($"No error object in {json}"));
        }
    }

    /// <summary>The error's detail of the given google.rpc type, e.g. "RetryInfo".</summary>
    public static JsonNode ErrorDetail(JsonNode error, string type) =>
        error["details"]?.AsArray().SingleOrDefault(d => (string?)d?["@type"] == $"type.googleapis.com/google.rpc.{type}")
        ?? throw new InvalidOperationException($"No {type} detail in {error}");
}
