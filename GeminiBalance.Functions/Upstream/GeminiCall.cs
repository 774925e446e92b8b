namespace GeminiBalance.Upstream;

/// <summary>One Gemini API call as the client asked for it, ready to be sent with any pool key.</summary>
/// <param name="Model">The model the call is for ("" for calls not tied to one, such as listing models); cooldowns are per model.</param>
/// <param name="PathAndQuery">Upstream path and query, without any key.</param>
/// <param name="Answer">How the answer reaches the client: relayed as is, or translated to the client's protocol.</param>
/// <param name="Body">The client's body, kept so that a retry on another key sends the same bytes (its headers, Content-Type included, are copied per attempt).</param>
internal sealed record GeminiCall(
    HttpMethod Method,
    string Model,
    string PathAndQuery,
    ReadOnlyMemory<byte>? Body,
    IAnswerRelay Answer)
{
    /// <summary>
    /// Set by translated surfaces, whose body is not the client's: it is sent with this Content-Type and none of the
    /// client's headers, which describe the client's request in its own protocol.
    /// </summary>
    public string? ContentType { get; init; }
}
