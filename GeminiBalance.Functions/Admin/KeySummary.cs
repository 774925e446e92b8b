namespace GeminiBalance.Admin;

/// <summary>How many keys are in each status; <see cref="Cooling"/> counts active keys resting for at least one model.</summary>
internal sealed record KeySummary(int Total, int Active, int Invalid, int Disabled, int Cooling);
