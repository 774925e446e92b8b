namespace GeminiBalance.Keys;

/// <summary>Where key health is shared between instances (Table Storage in production).</summary>
internal interface IKeyStateStore
{
    /// <summary>Every stored key's health, by key id.</summary>
    Task<IReadOnlyDictionary<string, KeyHealth>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Applies the transition to the stored value with a conditional write, re-reading and re-applying on a conflict.</summary>
    Task ApplyAsync(KeyTransition transition, CancellationToken cancellationToken);

    /// <summary>Drops a removed key's health, so a key added again later starts fresh.</summary>
    Task ForgetAsync(string keyId, CancellationToken cancellationToken);
}
