using Azure.Data.Tables;
using GeminiBalance.Keys;
using GeminiBalance.Storage;

namespace GeminiBalance.Tests.TestKit;

/// <summary>Several app instances over one set of tables, stepped by hand so that tests never wait on timers.</summary>
public sealed class ProxyInstances : List<ProxyHost>, IAsyncDisposable
{
    private ProxyInstances(string tablePrefix, AzuriteFixture storage)
    {
        TablePrefix = tablePrefix;
        KeyStates = new TableKeyStateStore(new TableServiceClient(storage.ConnectionString), new StorageTables(tablePrefix));
    }

    /// <summary>STORAGE_TABLE_PREFIX of the tables the instances share.</summary>
    public string TablePrefix { get; }

    /// <summary>The store every instance writes to, read directly.</summary>
    internal IKeyStateStore KeyStates { get; }

    public static async Task<ProxyInstances> StartAsync(
        int count, EmulatedGemini upstream, AzuriteFixture storage, IEnumerable<string> keys, IDictionary<string, string?>? settings = null)
    {
        var prefix = ProxyHost.NewTablePrefix();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["STORAGE_TABLE_PREFIX"] = prefix,
            // The background sync stays out of the way; the tests call SyncAllAsync.
            ["KEY_STATE_REFRESH_SECONDS"] = "3600",
        };
        var instances = new ProxyInstances(prefix, storage);
        for (var i = 0; i < count; i++)
        {
            instances.Add(await ProxyHost.StartAsync(upstream, storage, keys, all));
        }

        return instances;
    }

    /// <summary>Every instance writes what it changed, then every instance reads what all wrote (key states, setting overrides, client keys and their counts).</summary>
    public async Task SyncAllAsync()
    {
        await SyncClientsAsync();
        await Task.WhenAll(this.Select(instance => instance.GetService<GeminiBalance.Settings.SettingsSync>().SyncOnceAsync(CancellationToken.None)));
        await Task.WhenAll(this.Select(instance => instance.GetService<KeyStateSync>().SyncOnceAsync(CancellationToken.None)));
        await Task.WhenAll(this.Select(instance => instance.GetService<KeyStateSync>().SyncOnceAsync(CancellationToken.None)));
    }

    /// <summary>One client-key round on every instance: each writes its counts, then each reads every instance's.</summary>
    public async Task SyncClientsAsync()
    {
        await Task.WhenAll(this.Select(instance => instance.GetService<GeminiBalance.Clients.ClientSync>().SyncOnceAsync(CancellationToken.None)));
        await Task.WhenAll(this.Select(instance => instance.GetService<GeminiBalance.Clients.ClientSync>().SyncOnceAsync(CancellationToken.None)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in this)
        {
            await instance.DisposeAsync();
        }
    }
}
