namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// The function <see cref="EmulatedGemini"/> calls when a request offers it, and with what arguments (a JSON object);
/// an agent test picks a harmless tool whose result it can recognise in the next request.
/// </summary>
public sealed record FunctionCallPlan(string Name, string ArgumentsJson);
