using System.Text.Json;
using GeminiBalance.OpenAi;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.OpenAi;

/// <summary>Asserts that parsing refuses a request with a 400 in OpenAI's shape whose <c>param</c> names the field.</summary>
internal static class OpenAiRefusal
{
    public static void AssertNames(string field, Action parse)
    {
        var exception = Assert.Throws<OpenAiRequestException>(parse);
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        exception.ToResult().ExecuteAsync(context).GetAwaiter().GetResult();

        Assert.Equal(400, context.Response.StatusCode);
        using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(field, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }
}
