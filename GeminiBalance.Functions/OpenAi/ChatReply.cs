using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.OpenAi;

/// <summary>What every chunk or answer of one chat completion shares, and how the request asked it to be shaped.</summary>
/// <param name="Created">Unix seconds, the same on every chunk.</param>
internal sealed record ChatReply(
    string Id,
    long Created,
    string Model,
    ReplyIds Ids,
    bool ShowThinking,
    bool ShowSearchLink,
    bool LegacyFunctions,
    bool IncludeUsage)
{
    public static ChatReply For(ChatTranslation translation, ProxyOptions options, ReplyIds ids, TimeProvider time) => new(
        ids.Answer("chatcmpl-"),
        time.GetUtcNow().ToUnixTimeSeconds(),
        translation.ClientModel,
        ids,
        options.ShowThinkingProcess,
        options.ShowSearchLink,
        translation.LegacyFunctions,
        translation.IncludeUsage);
}
