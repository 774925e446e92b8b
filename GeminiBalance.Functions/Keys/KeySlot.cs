namespace GeminiBalance.Keys;

/// <summary>
/// One key in the pool and its current health. The health is only ever replaced whole, by compare-and-swap, so a
/// reader never sees a half-applied transition; the slot itself outlives changes to the key set, so a transition
/// racing an admin's add or remove of another key is never lost.
/// </summary>
internal sealed class KeySlot(PoolKey key, KeySource source)
{
    private KeyHealth _health = KeyHealth.Fresh;

    public PoolKey Key { get; } = key;

    public KeySource Source { get; } = source;

    public KeyHealth Health => Volatile.Read(ref _health);

    /// <returns>False when another thread replaced <paramref name="current"/> first.</returns>
    public bool TryReplace(KeyHealth current, KeyHealth next) =>
        ReferenceEquals(Interlocked.CompareExchange(ref _health, next, current), current);
}
