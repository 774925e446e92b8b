using System.Collections.Frozen;
using System.Collections.Immutable;

namespace GeminiBalance.Keys;

/// <summary>
/// The pool's keys at one moment: an immutable array for round-robin and a lookup by id. Changing the set builds a
/// new one that carries the existing slots over, so their health is kept; <see cref="KeyPool"/> swaps it atomically.
/// </summary>
internal sealed class KeySet
{
    private readonly FrozenDictionary<string, KeySlot> _byId;

    private KeySet(ImmutableArray<KeySlot> slots)
    {
        Slots = slots;
        _byId = slots.ToFrozenDictionary(slot => slot.Key.Id, StringComparer.Ordinal);
    }

    public ImmutableArray<KeySlot> Slots { get; }

    /// <summary>Settings keys, duplicates by id dropped.</summary>
    public static KeySet FromSettings(IEnumerable<string> secrets) =>
        new([.. secrets.Select(PoolKey.From).DistinctBy(key => key.Id).Select(key => new KeySlot(key, KeySource.Settings))]);

    public KeySlot? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The set with the admin keys it does not hold yet appended; this same set when there are none.</summary>
    public KeySet WithAdminKeys(IEnumerable<PoolKey> keys)
    {
        var added = keys.DistinctBy(key => key.Id).Where(key => !_byId.ContainsKey(key.Id)).Select(key => new KeySlot(key, KeySource.Admin)).ToArray();
        return added.Length == 0 ? this : new KeySet(Slots.AddRange(added));
    }

    /// <summary>The set without the admin key <paramref name="id"/>; settings keys stay whatever the admin table says.</summary>
    public KeySet WithoutAdminKey(string id) =>
        Find(id) is { Source: KeySource.Admin } slot ? new KeySet(Slots.Remove(slot)) : this;

    /// <summary>
    /// Exactly <paramref name="secrets"/> as settings keys, in their order, then the admin keys; slots of keys that stay
    /// are kept. A settings key that is also an admin key stays one slot (as a settings key); this same set when nothing changes.
    /// </summary>
    public KeySet WithSettingsKeys(IEnumerable<string> secrets)
    {
        var wanted = secrets.Select(PoolKey.From).DistinctBy(key => key.Id).ToArray();
        if (wanted.Select(key => key.Id).SequenceEqual(Slots.Where(slot => slot.Source == KeySource.Settings).Select(slot => slot.Key.Id)))
        {
            return this;
        }

        var settings = wanted.Select(key => _byId.GetValueOrDefault(key.Id) is { Source: KeySource.Settings } kept ? kept : new KeySlot(key, KeySource.Settings));
        var wantedIds = wanted.Select(key => key.Id).ToHashSet(StringComparer.Ordinal);
        var admin = Slots.Where(slot => slot.Source == KeySource.Admin && !wantedIds.Contains(slot.Key.Id));
        return new KeySet([.. settings, .. admin]);
    }

    /// <summary>The settings keys plus exactly <paramref name="stored"/> as admin keys, keeping the slots of keys that stay.</summary>
    public KeySet WithStoredAdminKeys(IReadOnlyCollection<PoolKey> stored)
    {
        var storedIds = stored.Select(key => key.Id).ToHashSet(StringComparer.Ordinal);
        var kept = Slots.RemoveAll(slot => slot.Source == KeySource.Admin && !storedIds.Contains(slot.Key.Id));
        var next = kept.Length == Slots.Length ? this : new KeySet(kept);
        return next.WithAdminKeys(stored);
    }
}
