using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Hosting;
using GeminiBalance.Upstream;

namespace GeminiBalance.OpenAi;

/// <summary><c>GET models</c> and <c>GET models/{id}</c> in OpenAI's shape, both answered from Gemini's cached v1beta list.</summary>
internal static class OpenAiModels
{
    public static async Task<IResult> ListAsync(HttpContext context, GeminiModelCatalog catalog, ProxyOptions options)
    {
        if (await IdsAsync(context, catalog, options) is { } ids)
        {
            await WholeAnswer.WriteAsync(context.Response, writer => OpenAiModelsList.WriteList(writer, ids), context.RequestAborted);
        }

        return Results.Empty;
    }

    // From the list rather than Gemini's GetModel, so that the variants exist and filtered models do not.
    public static async Task<IResult> GetAsync(string id, HttpContext context, GeminiModelCatalog catalog, ProxyOptions options)
    {
        if (await IdsAsync(context, catalog, options) is not { } ids)
        {
            return Results.Empty;
        }

        if (!ids.Contains(id, StringComparer.Ordinal))
        {
            return new ErrorResult(ApiProtocol.OpenAi, StatusCodes.Status404NotFound, $"The model '{id}' does not exist.", param: "model", code: "model_not_found");
        }

        await WholeAnswer.WriteAsync(context.Response, writer => OpenAiModelsList.WriteModel(writer, id), context.RequestAborted);
        return Results.Empty;
    }

    private static async Task<IReadOnlyList<string>?> IdsAsync(HttpContext context, GeminiModelCatalog catalog, ProxyOptions options) =>
        await catalog.GetAsync("v1beta", context, ApiProtocol.OpenAi) is { } models
            ? OpenAiModelsList.Build(models.Select(GeminiModelCatalog.IdOf).OfType<string>(), options)
            : null;
}
