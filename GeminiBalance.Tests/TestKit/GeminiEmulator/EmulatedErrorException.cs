namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

// Validation runs several calls deep; throwing lets any level reject the request in one line.
internal sealed class EmulatedErrorException(EmulatedError error) : Exception(error.Message)
{
    public EmulatedError Error { get; } = error;
}
