namespace GeminiBalance.Upstream;

/// <summary>
/// A successful upstream status with a body no client could use: not JSON, a malformed stream event, or larger than the
/// proxy holds. It is the upstream's garbage, not the key's fault, so the key is not blamed (another key may still try).
/// </summary>
internal sealed class MalformedAnswerException(string message, Exception? inner = null) : IOException(message, inner);
