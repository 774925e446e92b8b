using GeminiBalance.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Hosting;

public sealed class ListenUrlTests
{
    [Fact]
    public void Choose_UnderTheFunctionsHost_ListensOnItsLoopbackPort() =>
        Assert.Equal("http://127.0.0.1:40123", ListenUrl.Choose(Config(("FUNCTIONS_CUSTOMHANDLER_PORT", "40123"), ("urls", "http://0.0.0.0:9"))));

    [Fact]
    public void Choose_WithUrlsSetting_LeavesItToKestrel() =>
        Assert.Null(ListenUrl.Choose(Config(("urls", "http://127.0.0.1:9000"))));

    [Fact]
    public void Choose_WithNothingSet_UsesTheFuncStartUrl() =>
        Assert.Equal("http://localhost:7071", ListenUrl.Choose(Config()));

    [Fact]
    public void Choose_BadCustomHandlerPort_NamesTheSetting() =>
        Assert.Equal("FUNCTIONS_CUSTOMHANDLER_PORT", Assert.Throws<SettingException>(() => ListenUrl.Choose(Config(("FUNCTIONS_CUSTOMHANDLER_PORT", "http")))).Setting);

    private static IConfiguration Config(params (string Name, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Name, (string?)setting.Value))).Build();
}
