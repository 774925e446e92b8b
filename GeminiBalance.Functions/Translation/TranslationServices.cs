using GeminiBalance.Endpoints;
using GeminiBalance.Hosting;
using GeminiBalance.OpenAi;

namespace GeminiBalance.Translation;

/// <summary>What the OpenAI and Anthropic translations need beyond the request: image URLs fetched, the model list.</summary>
internal static class TranslationServices
{
    public static IServiceCollection AddTranslation(this IServiceCollection services)
    {
        services.AddSingleton(provider => new ImageUrlDownloader(provider.GetRequiredService<ICurrentOptions>()));
        services.AddSingleton<GeminiModelCatalog>();
        return services;
    }
}
