using GeminiBalance.Storage;

namespace GeminiBalance.Usage;

/// <summary>Usage statistics and the request and error logs: recording, background writers and query services.</summary>
internal static class UsageServices
{
    /// <param name="underFunctionsHost">Under the Functions host the <c>log-retention</c> timer function runs retention instead.</param>
    public static IServiceCollection AddUsage(this IServiceCollection services, bool underFunctionsHost)
    {
        services.AddSingleton(InstanceIdentity.NewRandom());
        services.AddSingleton<UsageAggregator>();
        services.AddSingleton<LogQueue<RequestLogEntry>>();
        services.AddSingleton<LogQueue<ErrorLogEntry>>();
        services.AddSingleton<SecretRedactor>();
        services.AddSingleton<UsageRecorder>();

        services.AddSingleton<TableUsageStore>();
        services.AddSingleton<LogTables>();
        services.AddSingleton<UsageFlusher>();
        services.AddHostedService(provider => provider.GetRequiredService<UsageFlusher>());
        services.AddSingleton<UsageLogWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<UsageLogWriter>());

        services.AddSingleton<UsageStatistics>();
        services.AddSingleton<UsageLogReader>();
        services.AddSingleton<LogRetention>();
        if (!underFunctionsHost)
        {
            services.AddHostedService<InProcessRetentionTimer>();
        }

        return services;
    }
}
