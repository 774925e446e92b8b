namespace GeminiBalance.Hosting;

/// <summary>
/// The Azure Functions view of the app: one HTTP function per endpoint group and the timers.
/// The Functions host only forwards requests whose path matches one of these routes, so the
/// <c>function.json</c> files in <c>Functions/</c> must say exactly this; a test compares them,
/// and another checks that every route the app maps falls in exactly one group.
/// </summary>
internal static class FunctionRoutes
{
    // "options" on every client API group: the host forwards only the listed methods, and a browser's CORS preflight must
    // reach the app's CORS middleware (Cors/ApiCors) rather than get the host's own refusal.
    public static readonly IReadOnlyList<HttpFunction> Http =
    [
        new("health", "health", ["get", "options"]),
        // /v1/models is shared with the OpenAI surface; the endpoint answers in the shape the credential header implies.
        new("gemini", "{*path:regex(^(gemini/)?v1(beta)?/(models|tunedModels)(/.*)?$)}", ["get", "post", "options"]),
        new("openai", "{*path:regex(^((openai|hf)/)?v1/(chat|embeddings|images|audio|responses)(/.*)?$|^(openai|hf)/v1/models(/.*)?$)}", ["get", "post", "delete", "options"]),
        new("anthropic", "{*path:regex(^v1/messages(/.*)?$)}", ["post", "options"]),
        // Also the signed links to generated images (GET /files/images/{name}), which need no token.
        new("files", "{*path:regex(^(gemini/)?(upload/)?v1(beta)?/files(/.*)?$|^files/images/[^/]+$)}", ["get", "post", "put", "delete", "options"]),
        // Not /admin: the Functions host serves its own /admin/* APIs ahead of function routes.
        // And gemini-balance's key-maintenance aliases (Admin/MaintenanceAliases).
        new("admin", "{*path:regex(^manage(/.*)?$|^(hf/)?v1/keys/list$|^gemini/v1beta/(verify|reset)-[^/]+(/[^/]+)?$)}", ["get", "post", "put", "patch", "delete"]),
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
