namespace GeminiBalance.WebConsole;

/// <summary>A logged-in console session, set as a request feature when the session cookie checks out.</summary>
/// <param name="Id">Random, per login; the CSRF token is derived from it.</param>
internal sealed record ConsoleSession(string Id, DateTimeOffset Expires);
