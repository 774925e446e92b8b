using System.ClientModel;
using System.Net;
using System.Text.Json;
using System.Web;
using GeminiBalance.Storage;
using GeminiBalance.Tests.TestKit;
using OpenAI.Images;

namespace GeminiBalance.Tests.Integration;

[Collection(ProxyCollection.Name)]
public sealed class OpenAiImagesTests(AzuriteFixture storage)
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    [InlineData("hf/v1")]
    public async Task SdkGetsBase64ImagesFromImagenWithSampleCountAndRatio(string prefix)
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        var images = (await OpenAiSdk.Client(proxy, prefix).GetImageClient("dall-e-3").GenerateImagesAsync(
            "a lighthouse", 2, new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes, Size = GeneratedImageSize.W1792xH1024 })).Value;

        Assert.Equal(2, images.Count);
        Assert.All(images, image => Assert.Equal(PngSignature, image.ImageBytes.ToArray()[..4]));
        var sent = upstream.Requests.Single();
        Assert.Equal("/v1beta/models/imagen-4.0-generate-001:predict", sent.Path);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(2, body.RootElement.GetProperty("parameters").GetProperty("sampleCount").GetInt32());
        Assert.Equal("16:9", body.RootElement.GetProperty("parameters").GetProperty("aspectRatio").GetString());
    }

    [Fact]
    public async Task GeminiImageModelAnswersThroughGenerateContent()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);

        var image = (await OpenAiSdk.Client(proxy).GetImageClient("gemini-2.5-flash-image").GenerateImageAsync(
            "a lighthouse", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes })).Value;

        Assert.Equal(PngSignature, image.ImageBytes.ToArray()[..4]);
        Assert.Equal("/v1beta/models/gemini-2.5-flash-image:generateContent", upstream.Requests.Single().Path);
    }

    [Fact]
    public async Task UrlWorksWithoutATokenAndATamperedOrExpiredLinkIsRefused()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], new Dictionary<string, string?> { ["IMAGE_CONTAINER"] = $"img{Guid.NewGuid():N}" });

        var image = (await OpenAiSdk.Client(proxy).GetImageClient("imagen-4.0-generate-001").GenerateImageAsync(
            "a lighthouse", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Uri })).Value;

        var link = image.ImageUri;
        Assert.Equal(proxy.BaseUrl.Authority, link.Authority);
        using var anonymous = new HttpClient();
        using var fetched = await anonymous.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal("image/png", fetched.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PngSignature, (await fetched.Content.ReadAsByteArrayAsync())[..4]);

        var query = HttpUtility.ParseQueryString(link.Query);
        var name = link.Segments[^1];
        var expires = long.Parse(query["expires"]!);
        var signature = query["sig"]!;
        var otherName = $"{Guid.NewGuid():N}.png";
        var past = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        var signer = proxy.GetService<ImageLinkSigner>();
        string[] refused =
        [
            $"files/images/{name}?expires={expires}&sig={signature[..^2]}xx",
            $"files/images/{name}?expires={expires + 3600}&sig={signature}",
            $"files/images/{otherName}?expires={expires}&sig={signature}",
            $"files/images/{name}?expires={past}&sig={signer.Sign(name, past)}",
            $"files/images/{name}",
        ];
        foreach (var path in refused)
        {
            using var response = await anonymous.GetAsync(new Uri(proxy.BaseUrl, path));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        }

        // A valid signature for an image that was never stored: the link holds, the image does not exist.
        var future = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        using var missing = await anonymous.GetAsync(new Uri(proxy.BaseUrl, $"files/images/{otherName}?expires={future}&sig={signer.Sign(otherName, future)}"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task LinksUseTheForwardedPublicHost()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("pool-1", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"]);
        using var request = OpenAiSdk.Request(HttpMethod.Post, "v1/images/generations", """{"prompt":"a lighthouse","response_format":"url"}""");
        request.Headers.Add("X-Forwarded-Host", "func-gb.azurewebsites.net");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await proxy.Client.SendAsync(request);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = body.RootElement.GetProperty("data")[0].GetProperty("url").GetString();
        Assert.StartsWith("https://func-gb.azurewebsites.net/files/images/", url);
        Assert.True(body.RootElement.GetProperty("created").GetInt64() > 0);
    }

    [Fact]
    public async Task TooManyImagesIsA400AndAFailingKeyIsPassedOver()
    {
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey("blocked", new KeyBehavior.PermissionDenied());
        upstream.SetKey("good", new KeyBehavior.Good());
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["blocked", "good"]);
        var client = OpenAiSdk.Client(proxy).GetImageClient("imagen-4.0-generate-001");

        var tooMany = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateImagesAsync("p", 5, new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes }));
        Assert.Empty(upstream.Requests);
        var images = (await client.GenerateImagesAsync("p", 4, new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes })).Value;

        Assert.Equal(400, tooMany.Status);
        Assert.Equal(4, images.Count);
        Assert.Equal(["blocked", "good"], upstream.Requests.Select(request => request.Key));
    }
}
