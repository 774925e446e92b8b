using GeminiBalance.Hosting;
using GeminiBalance.Settings;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Deployment;

/// <summary>Every setting the code reads is either live (changeable from the console) or read-only with a reason.</summary>
public sealed class SettingCatalogDriftTests
{
    [Fact]
    public void EverySetting_IsLiveOrReadOnly_AndNoneTwice()
    {
        Assert.Equal(SettingNames.All.Order(StringComparer.Ordinal), SettingCatalog.All.Select(info => info.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadOnlySettings_AreTheOnesThatCannotChangeWhileTheAppRuns_EachWithWhy()
    {
        string[] readOnly =
        [
            SettingNames.AuthToken, SettingNames.MaxRequestBodyMb, SettingNames.KeyStateRefreshSeconds, SettingNames.StorageTablePrefix,
            SettingNames.ImageContainer, SettingNames.ResponsesContainer, SettingNames.AzureWebJobsStorage, SettingNames.AzureWebJobsStorageAccountName,
            SettingNames.AzureWebJobsStorageTableServiceUri, SettingNames.AzureWebJobsStorageBlobServiceUri, SettingNames.CorsAllowedOrigins,
            SettingNames.ApplicationInsightsConnectionString, SettingNames.ApplicationInsightsAuthenticationString,
            SettingNames.Proxies, SettingNames.ProxiesUseConsistencyHashByApiKey,
        ];

        Assert.Equal(readOnly.Order(StringComparer.Ordinal), SettingCatalog.All.Where(info => !info.Live).Select(info => info.Name).Order(StringComparer.Ordinal));
        Assert.All(SettingCatalog.All.Where(info => !info.Live), info => Assert.False(string.IsNullOrWhiteSpace(info.ReadOnlyBecause)));
    }

    [Fact]
    public void Secrets_AreShownMasked()
    {
        var options = TestOptions.Read() with { ApiKeys = ["AIzaSyA-secret-key-0123456789abcdefghijkl"], AllowedTokens = ["sk-a-long-client-token-0123"], AuthToken = "an-admin-token-0123456789" };

        foreach (var info in SettingCatalog.All)
        {
            var shown = info.Show(options)?.ToJsonString() ?? "";
            Assert.DoesNotContain("secret-key", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("client-token", shown, StringComparison.Ordinal);
            Assert.DoesNotContain("admin-token", shown, StringComparison.Ordinal);
        }
    }
}
