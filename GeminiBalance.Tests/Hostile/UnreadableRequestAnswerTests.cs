using System.Text.Json;
using GeminiBalance.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeminiBalance.Tests.Hostile;

/// <summary>
/// Under the Functions host the group functions answer what escapes the app: a request Kestrel could not read (a body
/// arriving too slowly) is the client's 4xx in its protocol, as Kestrel answers it standalone, not a 500.
/// </summary>
public sealed class UnreadableRequestAnswerTests
{
    [Theory]
    [InlineData("/v1/chat/completions", 408, "error.type")]
    [InlineData("/v1/messages", 400, "type")]
    [InlineData("/v1beta/models/gemini-2.5-flash:generateContent", 408, "error.status")]
    public async Task AnUnreadableBodyIsTheClientsErrorInItsProtocol(string path, int status, string field)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();

        await UnhandledErrors.AnswerAsync(context, new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", status), NullLogger.Instance);

        Assert.Equal(status, context.Response.StatusCode);
        using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        var value = field.Split('.').Aggregate(body.RootElement, (element, name) => element.GetProperty(name));
        Assert.Equal(JsonValueKind.String, value.ValueKind);
    }

    [Fact]
    public async Task AnyOtherExceptionIsStillA500()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/v1beta/models";
        context.Response.Body = new MemoryStream();

        await UnhandledErrors.AnswerAsync(context, new InvalidOperationException("boom"), NullLogger.Instance);

        Assert.Equal(500, context.Response.StatusCode);
    }
}
