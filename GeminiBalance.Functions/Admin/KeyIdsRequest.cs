namespace GeminiBalance.Admin;

/// <summary>The body of the bulk routes: <c>{"ids":["…"]}</c>.</summary>
internal sealed record KeyIdsRequest(IReadOnlyList<string>? Ids);
