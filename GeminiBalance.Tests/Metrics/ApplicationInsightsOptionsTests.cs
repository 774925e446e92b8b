using GeminiBalance.Hosting;

namespace GeminiBalance.Tests.Metrics;

public sealed class ApplicationInsightsOptionsTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.in.applicationinsights.azure.com/";

    [Fact]
    public void NoConnectionString_NoExport() => Assert.Null(ApplicationInsightsOptions.Read(null, "Authorization=AAD"));

    [Fact]
    public void TheDeploymentsAuthenticationString_NamesAUserAssignedIdentity()
    {
        var options = ApplicationInsightsOptions.Read(ConnectionString, "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD");

        Assert.Equal(new ApplicationInsightsOptions(ConnectionString, UsesEntraId: true, ClientId: "11111111-2222-3333-4444-555555555555"), options);
        Assert.DoesNotContain("InstrumentationKey", options!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAuthenticationString_TheConnectionStringAlone() =>
        Assert.Equal(new ApplicationInsightsOptions(ConnectionString, UsesEntraId: false, ClientId: null), ApplicationInsightsOptions.Read(ConnectionString, null));

    [Fact]
    public void AnotherAuthorization_IsRefusedNamingTheSetting()
    {
        var error = Assert.Throws<SettingException>(() => ApplicationInsightsOptions.Read(ConnectionString, "Authorization=Key"));

        Assert.Equal(SettingNames.ApplicationInsightsAuthenticationString, error.Setting);
    }
}
