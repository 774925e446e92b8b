namespace GeminiBalance.Translation;

/// <summary>Raised in the download connect callback when a host resolves to a loopback, private, link-local or otherwise non-public address.</summary>
internal sealed class NonPublicHostException()
    : Exception("The image URL's host is not on the public internet (loopback, private, link-local and similar addresses are refused).");
