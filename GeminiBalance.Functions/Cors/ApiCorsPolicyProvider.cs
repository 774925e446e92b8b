using Microsoft.AspNetCore.Cors.Infrastructure;

namespace GeminiBalance.Cors;

/// <summary>
/// The one CORS policy, for the client API only (<see cref="CorsScope"/>); every other path gets none, so the
/// middleware adds no header there and a preflight falls through to the route (a 405), which a browser reads as a refusal.
/// </summary>
internal sealed class ApiCorsPolicyProvider(CorsPolicy? policy) : ICorsPolicyProvider
{
    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) =>
        Task.FromResult(policy is not null && CorsScope.IsClientApi(context.Request.Path) ? policy : null);
}
