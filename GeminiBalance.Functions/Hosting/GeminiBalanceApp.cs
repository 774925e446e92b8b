using GeminiBalance.Admin;
using GeminiBalance.Anthropic;
using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Files;
using GeminiBalance.Keys;
using GeminiBalance.OpenAi;
using GeminiBalance.Responses;
using GeminiBalance.Storage;
using GeminiBalance.Translation;
using GeminiBalance.Upstream;
using GeminiBalance.Usage;
using Microsoft.Extensions.Configuration.Memory;

namespace GeminiBalance.Hosting;

/// <summary>Builds the app the same way for every host: <c>dotnet run</c>, <c>func start</c>, Azure, and the tests.</summary>
internal static class GeminiBalanceApp
{
    /// <param name="settings">Settings that win over every other source (the tests use this).</param>
    /// <param name="configure">A last word on the builder before it builds (the tests capture logs with it).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // Lowest priority, as under `func start`: the environment and the command line override the file.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalSettingsFile.Read(builder.Environment.ContentRootPath) });
        // A line per request from the framework costs more than it tells on a busy proxy; Logging__LogLevel__… overrides it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = [KeyValuePair.Create("Logging:LogLevel:Microsoft.AspNetCore", (string?)"Warning")] });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var options = ProxyOptionsReader.Read(builder.Configuration);
        if (ListenUrl.Choose(builder.Configuration) is { } url)
        {
            builder.WebHost.UseUrls(url);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

        // Hosting's request log line carries the query string, where a client token may sit (?key=). Off altogether, not
        // just below Warning (it writes nothing above Information per request): while any of its levels is on, hosting
        // starts an Activity and a log scope for every request, and HttpClient then makes a child Activity and sends its
        // traceparent to Google; together about a seventh of a pass-through request's own CPU time in a profile.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClientAuthenticator>();
        builder.Services.AddSingleton<KeyPool>();
        builder.Services.AddSingleton(_ => UpstreamHttp.CreateClient());
        builder.Services.AddSingleton<GeminiForwarder>();
        builder.Services.AddSingleton(_ => new ImageUrlDownloader(options));
        builder.Services.AddSingleton<OpenAiModelsCatalog>();
        builder.Services.AddSingleton<ImageLinkSigner>();
        builder.Services.AddSingleton(services => new GeneratedImageStore(
            BlobContainerClientFactory.Create(options.Storage, options.ImageContainer), services.GetRequiredService<ImageLinkSigner>(), options, services.GetRequiredService<TimeProvider>()));

        builder.Services.AddSingleton(_ => TableServiceClientFactory.Create(options.Storage));
        builder.Services.AddSingleton(new StorageTables(options.TablePrefix));
        builder.Services.AddSingleton<IKeyStateStore, TableKeyStateStore>();
        builder.Services.AddSingleton<IRecheckSchedule, TableRecheckSchedule>();
        builder.Services.AddSingleton<KeyStateSync>();
        builder.Services.AddHostedService(services => services.GetRequiredService<KeyStateSync>());
        builder.Services.AddSingleton<KeyProbe>();
        builder.Services.AddSingleton<KeyRecheck>();
        builder.Services.AddSingleton<IAdminKeyStore, TableAdminKeyStore>();
        builder.Services.AddSingleton<KeyAdministration>();
        builder.Services.AddSingleton<IFileRecords, TableFileRecords>();
        builder.Services.AddSingleton<IUploadSessions, TableUploadSessions>();
        builder.Services.AddSingleton<FileUploads>();
        builder.Services.AddSingleton<FileRetention>();
        builder.Services.AddSingleton<FileAffinity>();
        builder.Services.AddSingleton(services => new TableResponseStore(
            services.GetRequiredService<ITableServiceClient>(), services.GetRequiredService<StorageTables>(),
            BlobContainerClientFactory.Create(options.Storage, options.ResponsesContainer), options, services.GetRequiredService<TimeProvider>()));
        if (!ListenUrl.UnderFunctionsHost(builder.Configuration))
        {
            // Under the Functions host the key-recheck timer function fires it instead.
            builder.Services.AddHostedService<InProcessRecheckTimer>();
        }

        builder.Services.AddUsageRecording(ListenUrl.UnderFunctionsHost(builder.Configuration));

        configure?.Invoke(builder);
        var app = builder.Build();
        app.UseProtocolErrorBodies();
        app.MapHealthEndpoints();
        app.MapGeminiEndpoints();
        app.MapOpenAiChatEndpoints();
        app.MapAnthropicEndpoints();
        app.MapSharedModelsEndpoints();
        app.MapOpenAiEndpoints();
        app.MapGeneratedImageEndpoints();
        app.MapFileEndpoints();
        app.MapResponsesEndpoints();
        app.MapTimerEndpoints();
        app.MapAdminEndpoints();
        return app;
    }
}
