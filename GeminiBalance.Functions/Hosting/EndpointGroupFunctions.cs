using Microsoft.Azure.Functions.Worker;

namespace GeminiBalance.Hosting;

/// <summary>
/// The HTTP functions the Functions host routes to, one per endpoint group. Each hands the request to the app's own
/// endpoint routing (<see cref="AppRouting"/>), so every route, filter and error shape is the one Kestrel serves
/// standalone; the routes here only decide which function the host invokes.
/// </summary>
internal sealed class EndpointGroupFunctions(AppRouting routing)
{
    [Function(FunctionRoutes.Health)]
    public Task<IResult> Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = FunctionRoutes.HealthRoute)] HttpRequest request) =>
        routing.RunAsync(request.HttpContext);

    [Function(FunctionRoutes.Gemini)]
    public Task<IResult> Gemini([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "options", Route = FunctionRoutes.GeminiRoute)] HttpRequest request) =>
        routing.RunAsync(request.HttpContext);

    [Function(FunctionRoutes.OpenAi)]
    public Task<IResult> OpenAi([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "delete", "options", Route = FunctionRoutes.OpenAiRoute)] HttpRequest request) =>
        routing.RunAsync(request.HttpContext);

    [Function(FunctionRoutes.Anthropic)]
    public Task<IResult> Anthropic([HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = FunctionRoutes.AnthropicRoute)] HttpRequest request) =>
        routing.RunAsync(request.HttpContext);

    [Function(FunctionRoutes.Files)]
    public Task<IResult> Files([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "options", Route = FunctionRoutes.FilesRoute)] HttpRequest request) =>
        routing.RunAsync(request.HttpContext);

    [Function(FunctionRoutes.Manage)]
    public Task<IResult> Manage([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = FunctionRoutes.ManageRoute)] HttpRequest request) =>
        routing.RunAsync(request.HttpContext);

    [Function(FunctionRoutes.Console)]
    public Task<IResult> Console([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = FunctionRoutes.ConsoleRoute)] HttpRequest request) =>
        routing.RunAsync(request.HttpContext);
}
