namespace GeminiBalance.Keys;

/// <summary>Keys an admin added, shared by every instance and kept across restarts (a Table Storage table in production).</summary>
internal interface IAdminKeyStore
{
    Task<IReadOnlyList<PoolKey>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores the keys; one that is already stored is not an error.</summary>
    Task AddAsync(IReadOnlyCollection<PoolKey> keys, CancellationToken cancellationToken);

    /// <summary>Forgets the key; one that is already gone is not an error.</summary>
    Task RemoveAsync(string keyId, CancellationToken cancellationToken);
}
