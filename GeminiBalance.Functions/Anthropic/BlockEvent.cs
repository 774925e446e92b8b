namespace GeminiBalance.Anthropic;

/// <summary>
/// One step in building a message's content blocks, in the terms of Anthropic's stream (docs/protocols.md#anthropic-messages): a stream writes
/// each as an event, a whole answer folds them into its <c>content</c>, so both group parts into blocks the same way.
/// </summary>
internal abstract record BlockEvent(int Index)
{
    /// <param name="Type">text, thinking or tool_use; <paramref name="Id"/> and <paramref name="Name"/> only for tool_use.</param>
    public sealed record Start(int Index, string Type, string? Id = null, string? Name = null) : BlockEvent(Index);

    /// <param name="Type">text_delta, thinking_delta, signature_delta or input_json_delta.</param>
    /// <param name="Field">The delta's field, which is also the field of the block it adds to (input_json_delta's partial_json aside).</param>
    public sealed record Delta(int Index, string Type, string Field, string Value) : BlockEvent(Index);

    public sealed record Stop(int Index) : BlockEvent(Index);
}
