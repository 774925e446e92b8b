namespace GeminiBalance.WebConsole;

/// <summary>What the console page learns about its session: never the token, only whether it is logged in.</summary>
/// <param name="ConsoleOn">False when AUTH_TOKEN is not set: the page then says how to turn the console on.</param>
/// <param name="CsrfToken">To send back in the X-CSRF-Token header with every change.</param>
internal sealed record ConsoleSessionView(bool ConsoleOn, bool LoggedIn, string? CsrfToken, DateTimeOffset? Expires);
