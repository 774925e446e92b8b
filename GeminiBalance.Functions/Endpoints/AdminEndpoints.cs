using GeminiBalance.Admin;
using GeminiBalance.Auth;

namespace GeminiBalance.Endpoints;

/// <summary>
/// The admin API under <c>/manage</c> (the Functions host keeps <c>/admin/*</c> for itself). Every route needs the
/// admin token; errors are google.rpc.Status documents, the shape the unmatched-route 404 and 405 bodies already
/// take under <c>/manage</c>, so an admin client meets one error shape only.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var manage = app.MapGroup("manage").RequireAdminToken();
        manage.MapGroup("keys").MapKeyEndpoints();
        manage.MapGroup("clients").MapClientEndpoints();
        manage.MapGroup("stats").MapStatsEndpoints();
        manage.MapGroup("logs").MapLogEndpoints();
        manage.MapGroup("config").MapConfigEndpoints();
        app.MapMaintenanceAliases();
        return app;
    }
}
