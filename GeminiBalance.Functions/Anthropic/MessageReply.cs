using GeminiBalance.Hosting;
using GeminiBalance.Translation;

namespace GeminiBalance.Anthropic;

/// <summary>What every event or answer of one message shares, and how the request asked it to be shaped.</summary>
internal sealed record MessageReply(string Id, string Model, ReplyIds Ids, bool ShowThinking, bool ShowSearchLink)
{
    public static MessageReply For(MessagesTranslation translation, ProxyOptions options, ReplyIds ids) =>
        new(ids.Answer("msg_"), translation.ClientModel, ids, translation.ShowThinking, options.ShowSearchLink);
}
