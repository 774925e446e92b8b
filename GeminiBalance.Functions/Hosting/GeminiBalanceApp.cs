using GeminiBalance.Clients;
using GeminiBalance.Admin;
using GeminiBalance.Anthropic;
using GeminiBalance.Auth;
using GeminiBalance.Cors;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Files;
using GeminiBalance.Keys;
using GeminiBalance.OpenAi;
using GeminiBalance.Responses;
using GeminiBalance.Settings;
using GeminiBalance.Storage;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;
using GeminiBalance.Usage;
using GeminiBalance.WebConsole;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;

namespace GeminiBalance.Hosting;

/// <summary>
/// Builds the app the same way for every host: standalone on Kestrel (<c>./scripts/run.sh</c>, containers, the tests) here,
/// under the Functions host through <see cref="FunctionsWorker"/>, with the same services, middleware and endpoints.
/// </summary>
internal static class GeminiBalanceApp
{
    /// <param name="settings">Settings that win over every other source (the tests use this).</param>
    /// <param name="configure">A last word on the builder before it builds (the tests capture logs with it).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        AddGeminiBalance(builder, settings, underFunctionsHost: false);
        if (ListenUrl.Choose(builder.Configuration) is { } url)
        {
            builder.WebHost.UseUrls(url);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseGeminiBalance();
        app.MapGeminiBalance();
        return app;
    }

    /// <summary>Settings and every service, the same under both hosts.</summary>
    /// <param name="underFunctionsHost">The host fires the timer functions; standalone, in-process timers do.</param>
    public static ProxyOptions AddGeminiBalance(IHostApplicationBuilder builder, IEnumerable<KeyValuePair<string, string?>>? settings, bool underFunctionsHost)
    {
        // Lowest priority, as under `func start`: the environment and the command line override the file.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalSettingsFile.Read(builder.Environment.ContentRootPath) });
        // A line per request from the framework costs more than it tells on a busy proxy; Logging__LogLevel__… overrides it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [KeyValuePair.Create("Logging:LogLevel:Microsoft.AspNetCore", (string?)"Warning")] });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var options = ProxyOptionsReader.Read(builder.Configuration);
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        // Hosting's request log line carries the query string, where a client token may sit (?key=). Off altogether, not
        // just below Warning (it writes nothing above Information per request): while any of its levels is on, hosting
        // starts an Activity and a log scope for every request, and HttpClient then makes a child Activity and sends its
        // traceparent to Google; together about a seventh of a pass-through request's own CPU time in a profile.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));
        builder.Services.AddLiveSettings(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClientAuthenticator>();
        builder.Services
            .AddKeyPool(underFunctionsHost)
            .AddClientKeys()
            .AddUpstream()
            .AddTranslation()
            .AddFiles()
            .AddUsage(underFunctionsHost)
            .AddStorage(options)
            .AddConsole()
            .AddApiCors(options)
            .AddHostedService<UnreadGeminiBalanceSettings>();
        return options;
    }

    /// <summary>The middleware every request passes, ahead of endpoint routing.</summary>
    public static IApplicationBuilder UseGeminiBalance(this IApplicationBuilder app)
    {
        app.UseCors();
        app.UseProtocolErrorBodies();
        return app;
    }

    public static IEndpointRouteBuilder MapGeminiBalance(this IEndpointRouteBuilder app)
    {
        app.MapHealthEndpoints();
        app.MapGeminiEndpoints();
        app.MapOpenAiChatEndpoints();
        app.MapAnthropicEndpoints();
        app.MapSharedModelsEndpoints();
        app.MapOpenAiEndpoints();
        app.MapGeneratedImageEndpoints();
        app.MapFileEndpoints();
        app.MapResponsesEndpoints();
        app.MapAdminEndpoints();
        app.MapConsoleEndpoints();
        return app;
    }
}
