namespace GeminiBalance.Keys;

/// <summary>How one named key stands for a model right now, for a request that may use no other key.</summary>
/// <param name="Key">The key, or null when it is no longer in the pool.</param>
/// <param name="Status">Active, or why the key is set aside.</param>
/// <param name="CoolingFor">How long the key still cools for the model, or null when it does not.</param>
/// <remarks>Usable when the key is there, active and not cooling.</remarks>
internal readonly record struct KeyAvailability(PoolKey? Key, KeyStatus Status, TimeSpan? CoolingFor);
