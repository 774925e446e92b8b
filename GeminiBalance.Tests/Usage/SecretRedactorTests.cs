using System.Text;
using GeminiBalance.Hosting;
using GeminiBalance.Usage;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Usage;

public sealed class SecretRedactorTests
{
    private static readonly SecretRedactor Redactor = new(ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [SettingNames.ApiKeys] = "AIzaKeyOne,AIzaKeyOneLonger",
        [SettingNames.AllowedTokens] = "sk-client",
        [SettingNames.AuthToken] = "admin-secret",
        [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
    }).Build()));

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a AIzaKeyOne b sk-client c admin-secret", "a [redacted] b [redacted] c [redacted]")]
    [InlineData("AIzaKeyOneLongerAIzaKeyOne", "[redacted][redacted]")]
    public void Redact_MasksEverySecret(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text));

    [Fact]
    public void Excerpt_ASecretCutByTheLimit_LeavesNoPrefixOfItBehind()
    {
        var text = "0123456789AIzaKeyOneLonger tail";
        for (var limit = 1; limit <= text.Length; limit++)
        {
            var excerpt = Redactor.Excerpt(Encoding.UTF8.GetBytes(text), limit);
            Assert.True(excerpt.Length <= limit);
            Assert.Equal("0123456789[redacted] tail"[..Math.Min(limit, 25)], excerpt);
        }
    }

    [Fact]
    public void Excerpt_AKeyAddedAfterStartUp_IsMaskedWhenNamed() =>
        Assert.Equal("x [redacted] AIzaAdded", Redactor.Excerpt("x AIzaAddedLater AIzaAdded"u8, 100, alsoMask: "AIzaAddedLater"));

    [Fact]
    public void Redact_AnythingShapedLikeAGeminiKey_IsMaskedEvenWhenNoSettingNamesIt()
    {
        const string adminAdded = "AIzaSyD-abcdefghijklmnopqrstuvwxyz01234";
        Assert.Equal("key=[redacted]&x=AIzaShort", Redactor.Redact($"key={adminAdded}&x=AIzaShort"));
    }

    [Fact]
    public void Excerpt_NeverEndsOnHalfASurrogatePair()
    {
        var excerpt = Redactor.Excerpt(Encoding.UTF8.GetBytes("ab😀cd"), 3);
        Assert.Equal("ab", excerpt);
    }
}
