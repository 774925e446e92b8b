using System.Text;
using GeminiBalance.Hosting;
using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Usage;

public sealed class SecretRedactorTests
{
    private static readonly SecretRedactor Redactor = new(new ProxyOptions
    {
        ApiKeys = ["AIzaKeyOne", "AIzaKeyOneLonger"],
        AllowedTokens = ["sk-client"],
        AuthToken = "admin-secret",
        BaseUrl = new Uri("http://127.0.0.1"),
        MaxFailures = 3,
        MaxRetries = 3,
        Timeout = TimeSpan.FromSeconds(5),
        TestModel = "m",
        CheckIntervalHours = 1,
        MaxRequestBodyBytes = 1024,
        KeyStateRefresh = TimeSpan.FromSeconds(5),
        TablePrefix = "test",
        Storage = new StorageOptions("UseDevelopmentStorage=true", null),
    });

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
    public void Excerpt_NeverEndsOnHalfASurrogatePair()
    {
        var excerpt = Redactor.Excerpt(Encoding.UTF8.GetBytes("ab😀cd"), 3);
        Assert.Equal("ab", excerpt);
    }
}
