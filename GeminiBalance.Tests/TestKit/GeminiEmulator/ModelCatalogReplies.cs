using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>ListModels and GetModel (docs/protocols.md#gemini-models).</summary>
internal static class ModelCatalogReplies
{
    private const int DefaultPageSize = 50;
    private const string TokenPrefix = "emulated-models:";

    public static JsonObject List(IQueryCollection query, int pageLimit)
    {
        var pageSize = Math.Min(int.TryParse(query["pageSize"], out var size) && size > 0 ? size : DefaultPageSize, pageLimit);
        var start = ReadPageToken(query["pageToken"].ToString());
        var models = EmulatedModels.All;
        var page = models.Skip(start).Take(pageSize).Select(m => (JsonNode)m.ToJson()).ToArray();
        var reply = new JsonObject { ["models"] = new JsonArray(page) };

        // Google omits nextPageToken on the last page rather than sending an empty string.
        if ((long)start + pageSize < models.Count)
        {
            reply["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(TokenPrefix + (start + pageSize)));
        }

        return reply;
    }

    public static JsonObject Get(string version, string modelId) =>
        EmulatedModels.Find(modelId)?.ToJson()
        ?? throw new EmulatedErrorException(EmulatedErrors.ModelNotFound(version, modelId, "generateContent"));

    // Opaque to clients, like Google's, so nobody is tempted to compute tokens instead of following them.
    private static int ReadPageToken(string token)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        var buffer = new byte[token.Length];
        if (Convert.TryFromBase64String(token, buffer, out var length)
            && Encoding.UTF8.GetString(buffer, 0, length) is var text
            && text.StartsWith(TokenPrefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(TokenPrefix.Length), out var index)
            && index >= 0)
        {
            return index;
        }

        throw new EmulatedErrorException(EmulatedErrors.InvalidArgument("Invalid page token."));
    }
}
