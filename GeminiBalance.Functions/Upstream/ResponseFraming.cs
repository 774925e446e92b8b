namespace GeminiBalance.Upstream;

/// <summary>How a successful upstream response is framed, which decides how it is relayed.</summary>
internal enum ResponseFraming
{
    /// <summary>One JSON document.</summary>
    Whole,

    /// <summary>streamGenerateContent with alt=sse.</summary>
    ServerSentEvents,

    /// <summary>streamGenerateContent without alt: one JSON array written incrementally.</summary>
    JsonArray,
}
