using GeminiBalance.Keys;

namespace GeminiBalance.Tests.TestKit.FunctionsHost;

/// <summary>
/// One real worker process under the emulated Functions host for a test class, with its own Azurite and emulated
/// Gemini: a pool of one good key and one that starts out invalid (for the key-recheck timer to revive).
/// </summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    public const string GoodKey = "pool-key-worker-good";
    public const string RevivableKey = "pool-key-worker-revivable";

    private readonly AzuriteFixture _storage = new();

    public EmulatedGemini Upstream { get; private set; } = null!;

    public EmulatedFunctionsHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        Upstream = await EmulatedGemini.StartAsync();
        Upstream.SetKey(GoodKey, new KeyBehavior.Good());
        Upstream.SetKey(RevivableKey, new KeyBehavior.Invalid());
        Host = await EmulatedFunctionsHost.StartAsync(new Dictionary<string, string?>
        {
            ["API_KEYS"] = $"{GoodKey},{RevivableKey}",
            ["ALLOWED_TOKENS"] = ProxyHost.ClientToken,
            ["AUTH_TOKEN"] = AdminApi.Token,
            ["BASE_URL"] = Upstream.BaseUrl + "v1beta",
            ["AzureWebJobsStorage"] = _storage.ConnectionString,
            ["STORAGE_TABLE_PREFIX"] = ProxyHost.NewTablePrefix(),
            ["CHECK_INTERVAL_HOURS"] = "1",
            ["TIME_OUT"] = "30",
        });
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (Upstream is not null)
        {
            await Upstream.DisposeAsync();
        }

        await _storage.DisposeAsync();
    }

    public static string IdOf(string key) => PoolKey.From(key).Id;
}
