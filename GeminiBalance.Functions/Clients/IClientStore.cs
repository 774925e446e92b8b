namespace GeminiBalance.Clients;

/// <summary>Client keys and their shared window counts in storage. Called by the admin API and the background sync only.</summary>
internal interface IClientStore
{
    Task<IReadOnlyList<ClientKey>> LoadAsync(CancellationToken cancellationToken);

    Task SaveAsync(ClientKey client, CancellationToken cancellationToken);

    /// <returns>False when there was no such client.</returns>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Adds one instance's unwritten counts to the shared row with one conditional write (again on a lost race).</summary>
    /// <returns>The row's total after the write: every instance's counts that reached storage.</returns>
    Task<WindowCount> AddCountAsync(ClientWindow window, string clientId, WindowCount added, CancellationToken cancellationToken);

    /// <summary>Every client's shared count in the window.</summary>
    Task<IReadOnlyDictionary<string, WindowCount>> LoadCountsAsync(ClientWindow window, CancellationToken cancellationToken);

    /// <summary>One client's shared count in the window, or null when there is none.</summary>
    Task<WindowCount?> FindCountAsync(ClientWindow window, string clientId, CancellationToken cancellationToken);
}
