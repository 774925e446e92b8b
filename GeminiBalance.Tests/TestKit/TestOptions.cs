using GeminiBalance.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.TestKit;

/// <summary>ProxyOptions read the way the app reads them, from the minimal required settings plus the ones a test names.</summary>
internal static class TestOptions
{
    public static ProxyOptions Read(params (string Name, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            [SettingNames.AllowedTokens] = "t",
            [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
        };
        foreach (var (name, value) in settings)
        {
            all[name] = value;
        }

        return ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
    }
}
