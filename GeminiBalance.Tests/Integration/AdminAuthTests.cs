using GeminiBalance.Tests.ClientKeys;
using System.Net;
using System.Text.Json;
using GeminiBalance.Keys;
using GeminiBalance.Tests.TestKit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GeminiBalance.Tests.Integration;

/// <summary>No admin route answers without the admin token: proven over the app's own route table, not a list kept by hand.</summary>
[Collection(ProxyCollection.Name)]
public sealed class AdminAuthTests(AzuriteFixture storage)
{
    [Fact]
    public async Task EveryManageRouteAnswers401WithoutATokenAnd403WithAClientToken_AndNeverActs()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        var settingsKey = AdminApi.NewKey();
        var adminKey = AdminApi.NewKey();
        upstream.SetKey(settingsKey, new KeyBehavior.Good());
        upstream.SetKey(adminKey, new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [settingsKey], AdminApi.Settings());
        await proxy.AdminJsonAsync(HttpMethod.Post, "manage/keys", adminKey, mediaType: "text/plain");
        var (clientId, _) = await proxy.CreateClientAsync("""{"name":"auth-sample"}""");
        var routes = ManageRoutes(proxy);
        var before = (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/keys")).Text;
        upstream.ClearRequests();

        // Each request is one its handler would act on: a real key id, a body naming it or a new key.
        var newKey = AdminApi.NewKey();
        foreach (var (method, path, body) in routes.Select(route => Sample(route, AdminApi.IdOf(adminKey), clientId, newKey)))
        {
            using var anonymous = await SendAsync(method, path, body, token: null);
            Assert.True(HttpStatusCode.Unauthorized == anonymous.StatusCode, $"{method} {path} without a token answered {(int)anonymous.StatusCode}");
            Assert.Equal("UNAUTHENTICATED", Status(await anonymous.Content.ReadAsStringAsync()));

            using var client = await SendAsync(method, path, body, token: ProxyHost.ClientToken);
            Assert.True(HttpStatusCode.Forbidden == client.StatusCode, $"{method} {path} with a client token answered {(int)client.StatusCode}");
            Assert.Equal("PERMISSION_DENIED", Status(await client.Content.ReadAsStringAsync()));
        }

        Assert.Empty(upstream.Requests);
        Assert.Equal(before, (await proxy.AdminJsonAsync(HttpMethod.Get, "manage/keys")).Text);
        Assert.Equal(2, proxy.GetService<KeyPool>().Count);

        // The same requests with the admin token reach their handlers and act, so the checks above could have failed.
        foreach (var (method, path, body) in routes.Select(route => Sample(route, AdminApi.IdOf(adminKey), clientId, newKey)).OrderBy(sample => sample.Method == HttpMethod.Delete))
        {
            using var admin = await SendAsync(method, path, body, token: AdminApi.Token);
            Assert.True(admin.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {path} refused the admin token");
            Assert.True(admin.IsSuccessStatusCode, $"{method} {path} with the admin token answered {(int)admin.StatusCode}");
        }

        Assert.NotNull(proxy.GetService<KeyPool>().Set.Find(AdminApi.IdOf(newKey)));
        Assert.Null(proxy.GetService<KeyPool>().Set.Find(AdminApi.IdOf(adminKey)));

        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? token)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Add("x-goog-api-key", token);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            }

            return await proxy.Client.SendAsync(request);
        }
    }

    [Fact]
    public async Task WithoutAuthTokenTheAdminApiIsOff()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [AdminApi.NewKey()]);

        using var request = proxy.Request(HttpMethod.Get, "manage/keys");
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("AUTH_TOKEN is not set", await response.Content.ReadAsStringAsync());
    }

    private static (string Method, RouteEndpoint Endpoint)[] ManageRoutes(ProxyHost proxy)
    {
        var routes = proxy.GetService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.TrimStart('/').StartsWith("manage", StringComparison.Ordinal) == true)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => (method, endpoint)))
            .ToArray();

        // Guards against a walk over nothing: the key routes alone are thirteen.
        Assert.True(routes.Length >= 13, $"only {routes.Length} routes under /manage");
        return routes;
    }

    private static (HttpMethod Method, string Path, string? Body) Sample((string Method, RouteEndpoint Endpoint) route, string id, string clientId, string newKey)
    {
        var raw = route.Endpoint.RoutePattern.RawText!.Trim('/');
        var path = raw.Replace("{id}", raw.StartsWith("manage/clients", StringComparison.Ordinal) ? clientId : id, StringComparison.Ordinal).Replace("{name}", "MAX_RETRIES", StringComparison.Ordinal);
        Assert.DoesNotContain('{', path);
        // Routes that name a key in their path take no body; the others take one.
        var body = (route.Method, path) switch
        {
            ("PUT", "manage/config") => """{"MAX_RETRIES": 4}""",
            ("POST", "manage/logs/errors/delete") => """{"ids": ["20260101_0"]}""",
            ("POST", "manage/keys") => JsonSerializer.Serialize(new { keys = newKey }),
            ("POST", "manage/clients") => """{"name":"sampled"}""",
            ("PATCH", _) => """{"note":"sampled"}""",
            ("POST", _) when !route.Endpoint.RoutePattern.RawText.Contains("{id}", StringComparison.Ordinal) => JsonSerializer.Serialize(new { ids = new[] { id } }),
            _ => null,
        };
        return (new HttpMethod(route.Method), path, body);
    }

    private static string? Status(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("status").GetString();
}
