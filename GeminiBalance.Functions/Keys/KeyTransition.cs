namespace GeminiBalance.Keys;

/// <summary>
/// A change to one key's health, as a pure function, so the same change applied to this instance's snapshot
/// can be re-applied to whatever the stored entity holds when it is written (after a 412 too).
/// </summary>
/// <param name="Composed">How many transitions this one stands for (it grows as unwritten ones are composed).</param>
internal sealed record KeyTransition(string KeyId, Func<KeyHealth, KeyHealth> Apply, int Composed = 1);
