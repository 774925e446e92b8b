namespace GeminiBalance.Hosting;

/// <summary>
/// The Azure Functions view of the app: one HTTP function per endpoint group and the timers. The Functions host only
/// forwards requests whose path matches one of these routes; the Worker SDK writes them into <c>functions.metadata</c>
/// from the attributes in <see cref="EndpointGroupFunctions"/> and <see cref="TimerFunctions"/>, which use these
/// constants. A test checks that every route the app maps falls in exactly one group.
/// </summary>
internal static class FunctionRoutes
{
    public const string Health = "health";
    public const string HealthRoute = "health";

    public const string Gemini = "gemini";
    // /v1/models is shared with the OpenAI surface; the endpoint answers in the shape the credential header implies.
    public const string GeminiRoute = "{*path:regex(^(gemini/)?v1(beta)?/(models|tunedModels)(/.*)?$)}";

    public const string OpenAi = "openai";
    public const string OpenAiRoute = "{*path:regex(^((openai|hf)/)?v1/(chat|embeddings|images|audio|responses)(/.*)?$|^(openai|hf)/v1/models(/.*)?$)}";

    public const string Anthropic = "anthropic";
    public const string AnthropicRoute = "{*path:regex(^v1/messages(/.*)?$)}";

    // Also the signed links to generated images (GET /files/images/{name}), which need no token.
    public const string Files = "files";
    public const string FilesRoute = "{*path:regex(^(gemini/)?(upload/)?v1(beta)?/files(/.*)?$|^files/images/[^/]+$)}";

    // Not /admin: the Functions host serves its own /admin/* APIs ahead of function routes.
    // And gemini-balance's key-maintenance aliases (Admin/MaintenanceAliases).
    public const string Manage = "manage";
    public const string ManageRoute = "{*path:regex(^manage(/.*)?$|^(hf/)?v1/keys/list$|^gemini/v1beta/(verify|reset)-[^/]+(/[^/]+)?$)}";

    // The browser console's pages (WebConsole.ConsoleEndpoints.Pages) and its assets, login and logout. The host serves
    // its own page at "/", so under it the console starts at /dashboard.
    public const string Console = "console";
    public const string ConsoleRoute = "{*path:regex(^(dashboard|keys|clients|settings|logs|console(/.*)?)?$)}";

    // "options" on every client API group: the host forwards only the listed methods, and a browser's CORS preflight must
    // reach the app's CORS middleware (Cors/ApiCors) rather than get the host's own refusal.
    public static readonly IReadOnlyList<HttpFunction> Http =
    [
        new(Health, HealthRoute, ["get", "options"]),
        new(Gemini, GeminiRoute, ["get", "post", "options"]),
        new(OpenAi, OpenAiRoute, ["get", "post", "delete", "options"]),
        new(Anthropic, AnthropicRoute, ["post", "options"]),
        new(Files, FilesRoute, ["get", "post", "put", "delete", "options"]),
        new(Manage, ManageRoute, ["get", "post", "put", "patch", "delete"]),
        new(Console, ConsoleRoute, ["get", "post"]),
    ];

    public const string KeyRecheck = "key-recheck";

    // Runs often; the handler itself decides whether CHECK_INTERVAL_HOURS has passed, because a
    // Consumption-plan timer schedule is a fixed CRON expression and cannot read an hours setting.
    public const string KeyRecheckSchedule = "0 */5 * * * *";

    public const string LogRetention = "log-retention";

    // Hourly: retention is counted in days, so an hour late deletes nothing it should have kept.
    public const string LogRetentionSchedule = "0 0 * * * *";

    public static readonly IReadOnlyList<TimerFunction> Timers =
    [
        new(KeyRecheck, KeyRecheckSchedule),
        new(LogRetention, LogRetentionSchedule),
    ];
}
