using System.Collections.Frozen;

namespace GeminiBalance.Clients;

/// <summary>
/// Every client key, in memory, so admitting a request needs no storage call: <see cref="ClientSync"/> replaces it from
/// storage every KEY_STATE_REFRESH_SECONDS, and an admin change made on this instance shows here at once (on the other
/// instances after their next round). Readers take an immutable snapshot; writers swap it whole.
/// </summary>
internal sealed class ClientDirectory
{
    private readonly Lock _writing = new();
    private volatile Snapshot _snapshot = Snapshot.Of([]);
    private long _localChanges;

    public IReadOnlyCollection<ClientKey> All => _snapshot.ById.Values;

    /// <summary>Counts admin changes made here, so a sync round that loaded before one does not undo it (<see cref="Replace"/>).</summary>
    public long LocalChanges => Interlocked.Read(ref _localChanges);

    public ClientKey? Find(string id) => _snapshot.ById.GetValueOrDefault(id);

    /// <param name="sha256">The presented secret's SHA-256.</param>
    public ClientKey? FindBySecretDigest(ReadOnlySpan<byte> sha256)
    {
        var snapshot = _snapshot;
        return snapshot.ById.Count == 0 ? null : snapshot.ByDigest.GetValueOrDefault(ClientSecret.Digest(sha256));
    }

    /// <summary>Takes what storage holds, unless an admin change was made here after <paramref name="loadedAfter"/>: then the next round will.</summary>
    /// <returns>Whether the directory now holds <paramref name="clients"/>.</returns>
    public bool Replace(IEnumerable<ClientKey> clients, long loadedAfter)
    {
        lock (_writing)
        {
            if (LocalChanges != loadedAfter)
            {
                return false;
            }

            _snapshot = Snapshot.Of(clients);
            return true;
        }
    }

    public void Put(ClientKey client) => Change(clients => clients.Where(other => other.Id != client.Id).Append(client));

    public void Remove(string id) => Change(clients => clients.Where(other => other.Id != id));

    private void Change(Func<IEnumerable<ClientKey>, IEnumerable<ClientKey>> change)
    {
        lock (_writing)
        {
            _snapshot = Snapshot.Of(change(_snapshot.ById.Values));
            Interlocked.Increment(ref _localChanges);
        }
    }

    private sealed record Snapshot(FrozenDictionary<string, ClientKey> ById, FrozenDictionary<string, ClientKey> ByDigest)
    {
        public static Snapshot Of(IEnumerable<ClientKey> clients)
        {
            var list = clients.ToList();
            return new Snapshot(
                list.ToFrozenDictionary(client => client.Id, StringComparer.Ordinal),
                list.DistinctBy(client => client.SecretSha256).ToFrozenDictionary(client => client.SecretSha256, StringComparer.Ordinal));
        }
    }
}
