using System.Net;
using System.Text;
using System.Text.Json;

namespace GeminiBalance.Tests.TestKit;

/// <summary>Calls a <see cref="ProxyHost"/>'s admin API (<c>/manage</c>) with the admin token.</summary>
public static class AdminApi
{
    public const string Token = "admin-token-for-tests";

    /// <summary>Settings that turn the admin API on, plus <paramref name="more"/>.</summary>
    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(more ?? new Dictionary<string, string?>()) { ["AUTH_TOKEN"] = Token };
        return settings;
    }

    /// <summary>A key shaped like Google's (<c>AIza</c> and 35 more), different on every call.</summary>
    public static string NewKey() => "AIza" + Guid.NewGuid().ToString("N") + "x-_";

    public static string IdOf(string key) => GeminiBalance.Keys.PoolKey.From(key).Id;

    public static async Task<HttpResponseMessage> AdminAsync(this ProxyHost proxy, HttpMethod method, string path, string? body = null, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", Token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        return await proxy.Client.SendAsync(request);
    }

    /// <summary>Sends, checks the status, and returns the JSON answer with its raw text (for leak checks).</summary>
    public static async Task<(JsonElement Json, string Text)> AdminJsonAsync(
        this ProxyHost proxy, HttpMethod method, string path, string? body = null, HttpStatusCode expected = HttpStatusCode.OK, string mediaType = "application/json")
    {
        using var response = await proxy.AdminAsync(method, path, body, mediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return (JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    /// <summary>The key with <paramref name="id"/> as <c>GET /manage/keys/{id}</c> shows it.</summary>
    public static async Task<JsonElement> KeyAsync(this ProxyHost proxy, string id) =>
        (await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/keys/{id}")).Json;
}
