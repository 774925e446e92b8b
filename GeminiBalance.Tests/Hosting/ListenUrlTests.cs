using GeminiBalance.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Hosting;

public sealed class ListenUrlTests
{
    [Fact]
    public void Choose_WithUrlsSetting_LeavesItToKestrel() =>
        Assert.Null(ListenUrl.Choose(Config(("urls", "http://127.0.0.1:9000"))));

    [Fact]
    public void Choose_WithNothingSet_UsesTheFuncStartUrl() =>
        Assert.Equal("http://localhost:7071", ListenUrl.Choose(Config()));

    [Theory]
    [InlineData(true, "GeminiBalance.Functions.dll", "--functions-uri", "http://127.0.0.1:5000/", "--functions-worker-id", "w1")]
    [InlineData(false, "--urls", "http://127.0.0.1:9000")]
    [InlineData(false, "--contentRoot", "/repo", "--functions-uri-not")]
    [InlineData(false)]
    public void StartedByFunctionsHost_OnlyWithTheHostsUriArgument(bool expected, params string[] args) =>
        Assert.Equal(expected, FunctionsWorker.StartedByFunctionsHost(args));

    private static IConfiguration Config(params (string Name, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Name, (string?)setting.Value))).Build();
}
