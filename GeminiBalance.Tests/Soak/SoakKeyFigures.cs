namespace GeminiBalance.Tests.Soak;

/// <summary>What one key of the soak's pool went through.</summary>
internal sealed record SoakKeyFigures(string Key, string Fault, int Calls, int CallsWhileSetAside, string FinalStatus);
