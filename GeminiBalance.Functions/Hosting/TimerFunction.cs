namespace GeminiBalance.Hosting;

/// <summary>A timer-triggered function: its name and CRON schedule.</summary>
internal sealed record TimerFunction(string Name, string Schedule);
