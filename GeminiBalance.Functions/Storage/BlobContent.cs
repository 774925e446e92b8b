namespace GeminiBalance.Storage;

/// <summary>A downloaded blob: its bytes and the Content-Type it was stored with.</summary>
internal sealed record BlobContent(BinaryData Content, string ContentType);
