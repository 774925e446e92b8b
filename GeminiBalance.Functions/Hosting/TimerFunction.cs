namespace GeminiBalance.Hosting;

/// <summary>A timer-triggered function; the host invokes it as <c>POST /{Name}</c>.</summary>
internal sealed record TimerFunction(string Name, string Schedule);
