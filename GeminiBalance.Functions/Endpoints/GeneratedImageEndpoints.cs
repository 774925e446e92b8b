using Azure;
using GeminiBalance.Errors;
using GeminiBalance.Storage;

namespace GeminiBalance.Endpoints;

/// <summary>
/// <c>GET /files/images/{name}?expires=…&amp;sig=…</c>: a generated image for whoever holds its link, no token needed.
/// A link with a bad signature or past its expiry gets 403 and never the image; a valid link whose blob is gone, 404.
/// </summary>
internal static class GeneratedImageEndpoints
{
    public static IEndpointRouteBuilder MapGeneratedImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(GeneratedImageStore.RoutePrefix + "/{name}", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(string name, HttpContext context, GeneratedImageStore store)
    {
        var query = context.Request.Query;
        if (!store.Admits(name, query["expires"], query["sig"]))
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status403Forbidden, "This image link is invalid or has expired.");
        }

        BlobContent? image;
        try
        {
            image = await store.OpenAsync(name, context.RequestAborted);
        }
        catch (RequestFailedException exception)
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status502BadGateway, $"The image could not be read from storage ({exception.Status} {exception.ErrorCode}).");
        }

        return image is null
            ? new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status404NotFound, "This image no longer exists.")
            : Results.Bytes(image.Content.ToMemory(), image.ContentType);
    }
}
