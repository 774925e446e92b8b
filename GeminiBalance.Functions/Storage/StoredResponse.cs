using System.Text.Json.Nodes;

namespace GeminiBalance.Storage;

/// <summary>A Responses API response as stored: the response object, and every input item that led to it.</summary>
/// <param name="Owner">The <see cref="Auth.ClientIdentity.TokenId"/> of the client that created it; only it may read it.</param>
internal sealed record StoredResponse(string Id, string Owner, DateTimeOffset CreatedAt, JsonObject Response, JsonArray Input);
