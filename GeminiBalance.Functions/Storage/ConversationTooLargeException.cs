namespace GeminiBalance.Storage;

/// <summary>A response and its input are larger than a stored response may be, even compressed.</summary>
internal sealed class ConversationTooLargeException(long bytes, long limit)
    : Exception($"The conversation is too large to store ({bytes / 1024} KiB compressed; the limit is {limit / 1024} KiB).");
