using GeminiBalance.Hosting;

namespace GeminiBalance.Tests.Hosting;

/// <summary>docs/migrating-from-gemini-balance.md names every gemini-balance setting, and says truly whether it is read here.</summary>
public sealed class MigrationPageTests
{
    // gemini-balance's settings this app reads under the same name (the rest are UnreadGeminiBalanceSettings.Names).
    private static readonly string[] Read =
    [
        "API_KEYS", "ALLOWED_TOKENS", "AUTH_TOKEN", "BASE_URL", "MAX_FAILURES", "MAX_RETRIES", "TIME_OUT", "TEST_MODEL",
        "CHECK_INTERVAL_HOURS", "SEARCH_MODELS", "IMAGE_MODELS", "THINKING_MODELS", "THINKING_BUDGET_MAP", "FILTERED_MODELS",
        "SAFETY_SETTINGS", "SHOW_THINKING_PROCESS", "SHOW_SEARCH_LINK", "TTS_MODEL", "CREATE_IMAGE_MODEL", "ERROR_LOG_RECORD_REQUEST_BODY",
        "AUTO_DELETE_ERROR_LOGS_ENABLED", "AUTO_DELETE_ERROR_LOGS_DAYS", "AUTO_DELETE_REQUEST_LOGS_ENABLED", "AUTO_DELETE_REQUEST_LOGS_DAYS",
        "ADMIN_SESSION_EXPIRE", "PAID_KEY", "PROXIES", "PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY", "CUSTOM_HEADERS",
    ];

    // The rows of the page's settings table (the routes tables follow "## Routes").
    private static readonly string[] Rows = File.ReadAllLines(Path.Combine(RepositoryFiles.Root, "docs", "migrating-from-gemini-balance.md"))
        .SkipWhile(line => line != "## Settings")
        .TakeWhile(line => line != "## Routes")
        .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
        .ToArray();

    [Fact]
    public void ThePageNamesExactlyTheSettingsReadHereAndTheOnesThatWarn()
    {
        var named = Rows.SelectMany(row => row.Split('|')[1].Split('`').Where((_, index) => index % 2 == 1)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(Read.Concat(UnreadGeminiBalanceSettings.Names.Keys).Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EverySettingReadHereIsReadAndOnThePage()
    {
        Assert.All(Read, name =>
        {
            Assert.Contains(name, SettingNames.All);
            Assert.DoesNotContain(name, UnreadGeminiBalanceSettings.Names.Keys);
            var row = Assert.Single(Rows, line => line.Split('|')[1].Contains($"`{name}`", StringComparison.Ordinal));
            Assert.DoesNotContain("not read", row, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void EverySettingNotReadHereWarnsAndThePageSaysSo()
    {
        Assert.All(UnreadGeminiBalanceSettings.Names.Keys, name =>
        {
            Assert.DoesNotContain(name, SettingNames.All);
            var row = Assert.Single(Rows, line => line.Split('|')[1].Contains($"`{name}`", StringComparison.Ordinal));
            Assert.Contains("| not read", row, StringComparison.Ordinal);
        });
    }
}
