namespace GeminiBalance.Hosting;

/// <summary>
/// The app's own middleware and endpoint routing, as one request delegate the group functions run under the Functions
/// host: the same pipeline <see cref="GeminiBalanceApp.Build"/> gives Kestrel standalone.
/// </summary>
internal sealed class AppRouting
{
    private readonly RequestDelegate _pipeline;
    private readonly ILogger _logger;

    public AppRouting(IServiceProvider services, ILogger<AppRouting> logger)
    {
        _logger = logger;
        var app = new ApplicationBuilder(services);
        app.UseGeminiBalance();
        app.UseRouting();
        app.UseEndpoints(endpoints => endpoints.MapGeminiBalance());
        _pipeline = app.Build();
    }

    /// <returns>An empty result, so the worker writes nothing of its own after the app has answered.</returns>
    public async Task<IResult> RunAsync(HttpContext context)
    {
        // The worker's routing left its function endpoint and route values here; routing skips matching when an
        // endpoint is already set, so the app's endpoints would never be chosen.
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        try
        {
            await _pipeline(context);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            await UnhandledErrors.AnswerAsync(context, exception, _logger);
        }

        return Results.Empty;
    }
}
