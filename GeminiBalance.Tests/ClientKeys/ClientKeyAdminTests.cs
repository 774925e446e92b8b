using System.Net;
using System.Security.Cryptography;
using System.Text;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.ClientKeys;

/// <summary>/manage/clients against Azurite: the secret is shown once and works, never again; bad fields are named.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ClientKeyAdminTests(AzuriteFixture storage)
{
    [Fact]
    public async Task MadeKeyWorksAndItsSecretIsShownOnlyOnce()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-key", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-key"], AdminApi.Settings());

        var (created, createdText) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/clients",
            """{"name":"team-a","rpm":60,"tpm_month":1000000,"models":["gemini-2.5-*"],"note":"the a team","expires":"2099-01-01T00:00:00Z"}""", HttpStatusCode.Created);
        var (id, secret) = (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
        Assert.StartsWith("gbk-", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(id, secret, StringComparison.Ordinal);
        Assert.Equal(1000000, created.GetProperty("client").GetProperty("tpm_month").GetInt64());
        Assert.Equal("active", created.GetProperty("client").GetProperty("state").GetString());

        using var answer = await proxy.CallAsync(secret);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("pool-key", Assert.Single(upstream.Requests).Key);

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        var (_, list) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/clients");
        var (one, oneText) = await proxy.AdminJsonAsync(HttpMethod.Get, $"manage/clients/{id}");
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Equal(1, one.GetProperty("used").GetProperty("dayRequests").GetInt64());
        foreach (var text in new[] { list, oneText, string.Join('\n', proxy.Logs.Lines) })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(digest, text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(digest, createdText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadFieldsAreAllNamedInOne400()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-key", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-key"], AdminApi.Settings());

        var (error, _) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/clients",
            """{"name":"x","rpmm":5,"tpd":-1,"models":"gemini","expires":"soon","enabled":"yes"}""", HttpStatusCode.BadRequest);
        var message = error.GetProperty("error").GetProperty("message").GetString()!;
        foreach (var field in new[] { "rpmm", "tpd", "models", "expires", "enabled" })
        {
            Assert.Contains(field, message, StringComparison.Ordinal);
        }

        var (noName, _) = await proxy.AdminJsonAsync(HttpMethod.Post, "manage/clients", """{"rpm":5}""", HttpStatusCode.BadRequest);
        Assert.Contains("name", noName.GetProperty("error").GetProperty("message").GetString()!, StringComparison.Ordinal);
        await proxy.AdminJsonAsync(HttpMethod.Post, "manage/clients", "not json", HttpStatusCode.BadRequest);
        await proxy.AdminJsonAsync(HttpMethod.Patch, "manage/clients/ck_nothere", """{"rpm":5}""", HttpStatusCode.NotFound);
        await proxy.AdminJsonAsync(HttpMethod.Get, "manage/clients/ck_nothere/usage?days=0", expected: HttpStatusCode.BadRequest);
        var (list, _) = await proxy.AdminJsonAsync(HttpMethod.Get, "manage/clients");
        Assert.Equal(0, list.GetProperty("clients").GetArrayLength());
    }

    [Fact]
    public async Task DisabledExpiredAndDeletedKeysGet401InTheCallersShapeWhileAllowedTokensStayUnlimited()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-key", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-key"], AdminApi.Settings());
        var (id, secret) = await proxy.CreateClientAsync("""{"name":"to-change","rpd":1}""");

        await proxy.AdminJsonAsync(HttpMethod.Patch, $"manage/clients/{id}", """{"enabled":false}""");
        using (var disabled = await proxy.CallAsync(secret, "openai"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
            Assert.Contains("disabled", (await ClientKeysApi.ErrorOfAsync(disabled, "openai")).Message, StringComparison.Ordinal);
        }

        await proxy.AdminJsonAsync(HttpMethod.Patch, $"manage/clients/{id}", """{"enabled":true,"expires":"2020-01-01T00:00:00Z"}""");
        using (var expired = await proxy.CallAsync(secret, "anthropic"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
            Assert.Contains("expired", (await ClientKeysApi.ErrorOfAsync(expired, "anthropic")).Message, StringComparison.Ordinal);
        }

        using (var gone = await proxy.AdminAsync(HttpMethod.Delete, $"manage/clients/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
        }

        using (var deleted = await proxy.CallAsync(secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, deleted.StatusCode);
        }

        Assert.Empty(upstream.Requests);
        for (var i = 0; i < 3; i++)
        {
            using var unlimited = await proxy.CallAsync(ProxyHost.ClientToken);
            Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode);
        }
    }

    [Fact]
    public async Task AClientKeyIsNotAnAdminToken()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-key", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-key"], AdminApi.Settings());
        var (_, secret) = await proxy.CreateClientAsync("""{"name":"not-admin"}""");

        using var request = new HttpRequestMessage(HttpMethod.Get, "manage/clients");
        request.Headers.Authorization = new("Bearer", secret);
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
