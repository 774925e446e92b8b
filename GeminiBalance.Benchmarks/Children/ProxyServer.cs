using Azure.Core;
using GeminiBalance.Hosting;
using Microsoft.Extensions.Azure;

namespace GeminiBalance.Benchmarks.Children;

/// <summary>
/// The proxy in a process of its own: the real app, built as every host builds it, with its storage pipelines (tables
/// and blobs) counting calls. Settings come from the environment the driver gives it.
/// </summary>
internal static class ProxyServer
{
    public static async Task<int> RunAsync()
    {
        var storage = new StorageCallCounter();
        var app = GeminiBalanceApp.Build(["--urls", "http://127.0.0.1:0", "--contentRoot", AppContext.BaseDirectory], configure: builder =>
        {
            // Logging stays as the app configures it: its success path writes nothing, and that is part of what is measured.
            builder.Services.AddSingleton<IStartupFilter, RequestPathMarker>();
            builder.Services.AddAzureClients(clients => clients.ConfigureDefaults(defaults => defaults.AddPolicy(new CountingPolicy(storage), HttpPipelinePosition.PerRetry)));
        });
        await ChildControl.RunAsync(app, storage, BackgroundWriters.From(app.Services));
        return 0;
    }
}
