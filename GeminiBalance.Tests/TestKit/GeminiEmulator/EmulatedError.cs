using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>A google.rpc.Status error as Google serialises it: <c>{"error":{code,message,status,details}}</c>.</summary>
internal sealed record EmulatedError(int Code, string Status, string Message, IReadOnlyList<JsonObject> Details)
{
    public JsonObject ToJson()
    {
        var error = new JsonObject { ["code"] = Code, ["message"] = Message, ["status"] = Status };

        // Legacy errors carry no details at all rather than an empty array.
        if (Details.Count > 0)
        {
            error["details"] = new JsonArray([.. Details.Select(d => d.DeepClone())]);
        }

        return new JsonObject { ["error"] = error };
    }
}
