namespace GeminiBalance.Tests.TestKit;

/// <summary>One request as <see cref="EmulatedGemini"/> saw it, rejected ones included.</summary>
/// <param name="Key">The API key from <c>x-goog-api-key</c> (preferred) or <c>?key=</c>; null when none was sent.</param>
/// <param name="Path">The full request path, e.g. <c>/v1beta/models/gemini-2.5-flash:generateContent</c>.</param>
/// <param name="Query">The raw query without the leading '?' and without any <c>key</c> parameter, e.g. <c>alt=sse</c>.</param>
/// <param name="Headers">All request headers (case-insensitive names, repeated values comma-joined), <c>x-goog-api-key</c> included.</param>
public sealed record ReceivedRequest(
    string? Key,
    string Method,
    string Path,
    string Query,
    string Body,
    IReadOnlyDictionary<string, string> Headers);
