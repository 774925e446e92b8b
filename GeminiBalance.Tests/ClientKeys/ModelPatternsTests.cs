using GeminiBalance.Clients;

namespace GeminiBalance.Tests.ClientKeys;

public sealed class ModelPatternsTests
{
    [Theory]
    [InlineData("gemini-2.5-*", "gemini-2.5-pro", true)]
    [InlineData("gemini-2.5-*", "models/gemini-2.5-flash", true)]
    [InlineData("Gemini-2.5-Flash", "gemini-2.5-flash", true)]
    [InlineData("gemini-2.5-flash", "gemini-2.5-flash-lite", false)]
    [InlineData("*-lite", "gemini-2.5-flash-lite", true)]
    [InlineData("gemini-*-flash", "gemini-2.0-flash", true)]
    [InlineData("gemini-*-flash", "gemini-2.0-flash-exp", false)]
    [InlineData("*", "anything", true)]
    [InlineData("gemini-2.5-*", "gemini-2.0-flash", false)]
    public void PatternsMatchWholeNamesWithStarsAndWithoutCase(string pattern, string model, bool allowed) =>
        Assert.Equal(allowed, ModelPatterns.Allows([pattern], model));

    [Fact]
    public void NoPatternAllowsEveryModel() => Assert.True(ModelPatterns.Allows([], "gemini-2.5-pro"));
}
