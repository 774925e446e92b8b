namespace GeminiBalance.Hosting;

/// <summary>One Gemini <c>SafetySetting</c>: a harm category and the threshold that blocks it.</summary>
internal sealed record SafetySetting(string Category, string Threshold);
