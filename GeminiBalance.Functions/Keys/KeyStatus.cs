namespace GeminiBalance.Keys;

/// <summary>Whether a key may be chosen at all; per-model cooling is separate (<see cref="KeyHealth.CoolingUntil"/>).</summary>
internal enum KeyStatus
{
    Active,

    /// <summary>Rejected by Google or failed MAX_FAILURES times in a row; the re-check may bring it back.</summary>
    Invalid,

    /// <summary>Set aside by an admin; only an admin brings it back.</summary>
    Disabled,
}
