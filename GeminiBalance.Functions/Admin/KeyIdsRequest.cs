namespace GeminiBalance.Admin;

/// <summary>The body of the bulk routes: <c>{"ids":["…"]}</c>.</summary>
internal sealed record KeyIdsRequest([property: System.Text.Json.Serialization.JsonConverter(typeof(StringListConverter))] IReadOnlyList<string>? Ids);
