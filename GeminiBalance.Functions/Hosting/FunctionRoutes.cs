namespace GeminiBalance.Hosting;

/// <summary>
/// The Azure Functions view of the app: one HTTP function per endpoint group and the timers.
/// The Functions host only forwards requests whose path matches one of these routes, so the
/// <c>function.json</c> files in <c>Functions/</c> must say exactly this; a test compares them,
/// and another checks that every route the app maps falls in exactly one group.
/// </summary>
internal static class FunctionRoutes
{
    public static readonly IReadOnlyList<HttpFunction> Http =
    [
        new("health", "health", ["get"]),
        // /v1/models is shared with the OpenAI surface; the endpoint answers in the shape the credential header implies.
        new("gemini", "{*path:regex(^(gemini/)?v1(beta)?/(models|tunedModels)(/.*)?$)}", ["get", "post"]),
        new("openai", "{*path:regex(^((openai|hf)/)?v1/(chat|embeddings|images|audio|responses)(/.*)?$|^(openai|hf)/v1/models(/.*)?$)}", ["get", "post", "delete"]),
        new("anthropic", "{*path:regex(^v1/messages(/.*)?$)}", ["post"]),
        // Also the signed links to generated images (GET /files/images/{name}), which need no token.
        new("files", "{*path:regex(^(gemini/)?(upload/)?v1(beta)?/files(/.*)?$|^files/images/[^/]+$)}", ["get", "post", "put", "delete"]),
        // Not /admin: the Functions host serves its own /admin/* APIs ahead of function routes.
        new("admin", "{*path:regex(^manage(/.*)?$)}", ["get", "post", "put", "patch", "delete"]),
        // The browser console's page (WebConsole.ConsoleEndpoints.Pages) and its assets, login and logout.
        new("console", "{*path:regex(^(dashboard|keys|settings|logs|console(/.*)?)?$)}", ["get", "post"]),
    ];

    public const string KeyRecheck = "key-recheck";

    public const string LogRetention = "log-retention";

    public static readonly IReadOnlyList<TimerFunction> Timers =
    [
        // Runs often; the handler itself decides whether CHECK_INTERVAL_HOURS has passed, because a
        // Consumption-plan timer schedule is a fixed CRON expression and cannot read an hours setting.
        new(KeyRecheck, "0 */5 * * * *"),
        // Hourly: retention is counted in days, so an hour late deletes nothing it should have kept.
        new(LogRetention, "0 0 * * * *"),
    ];
}
