using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

[Collection(ProxyCollection.Name)]
public sealed class UnreadSettingsTests(AzuriteFixture storage)
{
    [Fact]
    public async Task EachGeminiBalanceSettingNotReadHereGetsOneStartupWarningNamingItButNeverItsValue()
    {
        var values = new Dictionary<string, string?>
        {
            // Read here now: no warning, and their secrets appear nowhere either.
            ["PROXIES"] = """["http://user:proxy-secret-1@10.0.0.1:8080"]""",
            ["PAID_KEY"] = "AIzaPaidKeySecretValue0000000000000000",
            // Not read here: one warning each.
            ["UPLOAD_PROVIDER"] = "smms",
            ["SMMS_SECRET_TOKEN"] = "smms-secret-3",
            ["STREAM_OPTIMIZER_ENABLED"] = "true",
            ["MYSQL_PASSWORD"] = "mysql-secret-2",
            // Blank, as a copied .env often leaves them: nothing to warn about.
            ["LOG_LEVEL"] = "",
        };
        await using var upstream = await EmulatedGemini.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, ["pool-1"], values);

        var warnings = proxy.Logs.Lines.Where(line => line.Contains("is a gemini-balance setting this app does not read", StringComparison.Ordinal)).ToArray();

        Assert.Equal(4, warnings.Length);
        foreach (var name in new[] { "UPLOAD_PROVIDER", "SMMS_SECRET_TOKEN", "STREAM_OPTIMIZER_ENABLED", "MYSQL_PASSWORD" })
        {
            var line = Assert.Single(warnings, warning => warning.Contains($": {name} is", StringComparison.Ordinal));
            Assert.StartsWith("Warning ", line, StringComparison.Ordinal);
        }

        Assert.All(values.Values.Where(value => value is { Length: > 0 }), value =>
            Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(value!, StringComparison.Ordinal)));
        Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains("proxy-secret-1", StringComparison.Ordinal) || line.Contains("mysql-secret-2", StringComparison.Ordinal) || line.Contains("smms-secret-3", StringComparison.Ordinal));
    }
}
