namespace GeminiBalance.Storage;

/// <summary>A response and its input do not fit in the table's rows, even compressed.</summary>
internal sealed class ConversationTooLargeException(long bytes)
    : Exception($"The conversation is too large to store ({bytes / 1024} KiB compressed; the limit is {TableResponseStore.MaxStoredBytes / 1024} KiB).");
