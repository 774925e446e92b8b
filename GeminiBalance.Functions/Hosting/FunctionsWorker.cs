using Microsoft.Azure.Functions.Worker.Builder;

namespace GeminiBalance.Hosting;

/// <summary>
/// The one place the two hosts differ. The Functions host always starts its worker with <c>--functions-uri</c> (where
/// the worker dials back over gRPC); without it the executable serves standalone on Kestrel.
/// </summary>
internal static class FunctionsWorker
{
    public static bool StartedByFunctionsHost(string[] args) => args.Contains("--functions-uri", StringComparer.Ordinal);

    /// <summary>An isolated worker with ASP.NET Core integration: the host forwards each request to its Kestrel.</summary>
    public static IHost Build(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        GeminiBalanceApp.AddGeminiBalance(builder, settings: null, underFunctionsHost: true);
        builder.Services.AddSingleton<AppRouting>();
        return builder.Build();
    }
}
