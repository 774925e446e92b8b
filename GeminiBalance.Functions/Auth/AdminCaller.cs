using GeminiBalance.WebConsole;

namespace GeminiBalance.Auth;

/// <summary>Who made an admin change, for the audit trail: the browser console (session cookie) or a script (Bearer token).</summary>
internal static class AdminCaller
{
    public static string Of(HttpContext context) => context.Features.Get<ConsoleSession>() is null ? "api" : "console";
}
