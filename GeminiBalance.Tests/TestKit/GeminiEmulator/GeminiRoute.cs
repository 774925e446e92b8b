namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>A parsed <c>/{version}/models[/{id}[:{action}]]</c> path.</summary>
/// <remarks>No model id means ListModels; a model id without action means GetModel.</remarks>
internal sealed record GeminiRoute(string Version, string? ModelId, string? Action)
{
    public const string Stream = "streamGenerateContent";

    private static readonly Dictionary<string, (string Service, string Rpc, string ModelMethod)> Actions = new()
    {
        ["generateContent"] = ("GenerativeService", "GenerateContent", "generateContent"),
        [Stream] = ("GenerativeService", "StreamGenerateContent", "generateContent"),
        ["countTokens"] = ("GenerativeService", "CountTokens", "countTokens"),
        ["embedContent"] = ("GenerativeService", "EmbedContent", "embedContent"),
        ["batchEmbedContents"] = ("GenerativeService", "BatchEmbedContents", "embedContent"),
        ["predict"] = ("PredictionService", "Predict", "predict"),
    };

    public bool IsKnownAction => Action is not null && Actions.ContainsKey(Action);

    /// <summary>The entry of supportedGenerationMethods a model needs for this action.</summary>
    public string ModelMethod => Action is not null && Actions.TryGetValue(Action, out var a) ? a.ModelMethod : "generateContent";

    public string RpcMethod
    {
        get
        {
            var (service, rpc) = Action is not null && Actions.TryGetValue(Action, out var a) ? (a.Service, a.Rpc)
                : ModelId is null ? ("ModelService", "ListModels")
                : ("ModelService", "GetModel");
            return $"google.ai.generativelanguage.{Version}.{service}.{rpc}";
        }
    }

    public static GeminiRoute? Parse(string path)
    {
        var segments = path.Split('/');
        if (segments is not ["", "v1" or "v1beta", "models", ..] || segments.Length > 4)
        {
            return null;
        }

        var version = segments[1];
        if (segments.Length == 3 || segments[3].Length == 0)
        {
            return new(version, null, null);
        }

        var name = segments[3];
        var colon = name.LastIndexOf(':');
        return colon < 0 ? new(version, name, null)
            : colon == 0 ? null
            : new(version, name[..colon], name[(colon + 1)..]);
    }
}
