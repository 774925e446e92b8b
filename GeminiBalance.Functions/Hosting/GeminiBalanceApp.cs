using GeminiBalance.Auth;
using GeminiBalance.Endpoints;
using GeminiBalance.Errors;
using GeminiBalance.Keys;
using GeminiBalance.Upstream;
using Microsoft.Extensions.Configuration.Memory;

namespace GeminiBalance.Hosting;

/// <summary>Builds the app the same way for every host: <c>dotnet run</c>, <c>func start</c>, Azure, and the tests.</summary>
internal static class GeminiBalanceApp
{
    /// <param name="settings">Settings that win over every other source (the tests use this).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);

        // Lowest priority, as under `func start`: the environment and the command line override the file.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LocalSettingsFile.Read(Directory.GetCurrentDirectory()) });
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

        // Hosting's request log line carries the query string, where a client token may sit (?key=).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJsonContext.Default));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ClientAuthenticator>();
        builder.Services.AddSingleton<KeyPool>();
        builder.Services.AddSingleton(_ => UpstreamHttp.CreateClient());
        builder.Services.AddSingleton<GeminiForwarder>();

        var app = builder.Build();
        app.UseProtocolErrorBodies();
        app.MapHealthEndpoints();
        app.MapGeminiEndpoints();
        app.MapTimerEndpoints();
        return app;
    }
}
