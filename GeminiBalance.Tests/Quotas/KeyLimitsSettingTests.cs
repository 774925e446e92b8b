using GeminiBalance.Auth;
using GeminiBalance.Hosting;
using GeminiBalance.Quotas;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Quotas;

public sealed class KeyLimitsSettingTests
{
    [Fact]
    public void Read_FreeTierAndAPaidTier_EachKeyGetsItsTiersLimits()
    {
        var options = TestOptions.Read(
            (SettingNames.KeyModelLimits, """{"gemini-2.5-pro": {"rpm": 5, "rpd": 100}, "gemini-2.5-flash": {"rpm": 10, "rpd": 250, "tpm": 250000}}"""),
            (SettingNames.KeyTiers, """{"paid": {"keys": ["AIzaPaidKey"], "limits": {"gemini-2.5-pro": {"rpm": 150, "rpd": 10000}}}}"""));

        Assert.Equal(new ModelLimit(5, 100, null), options.KeyLimits.For("0123456789ab", "gemini-2.5-pro"));
        Assert.Equal(new ModelLimit(150, 10000, null), options.KeyLimits.For(ShortId.From("AIzaPaidKey"), "gemini-2.5-pro"));
        // A model the tier leaves out is unlimited for its keys; one nobody names is unlimited for all.
        Assert.Null(options.KeyLimits.For(ShortId.From("AIzaPaidKey"), "gemini-2.5-flash"));
        Assert.Null(options.KeyLimits.For("0123456789ab", "gemini-2.0-flash"));
        // The tier keeps the key's id, never the key.
        Assert.Equal([ShortId.From("AIzaPaidKey")], options.KeyLimits.Tiers.Single().KeyIds);
    }

    [Fact]
    public void Read_Unset_IsOff()
    {
        Assert.True(TestOptions.Read().KeyLimits.IsEmpty);
    }

    [Theory]
    [InlineData("""{"gemini-2.5-pro": {"rpm": 0}}""")]
    [InlineData("""{"gemini-2.5-pro": {"rpm": 1.5}}""")]
    [InlineData("""{"gemini-2.5-pro": {"rps": 5}}""")]
    [InlineData("""[5]""")]
    [InlineData("""{"bad/model": {"rpm": 5}}""")]
    public void Read_BadModelLimits_NamesTheSetting(string value)
    {
        var error = Assert.Throws<SettingException>(() => TestOptions.Read((SettingNames.KeyModelLimits, value)));
        Assert.Contains(SettingNames.KeyModelLimits, error.Message);
    }

    [Fact]
    public void Read_BadTiers_NeverQuotesTheKeys()
    {
        var error = Assert.Throws<SettingException>(() => TestOptions.Read((SettingNames.KeyTiers, """{"paid": {"keys": "AIzaSecretKey"}}""")));
        Assert.Contains(SettingNames.KeyTiers, error.Message);
        Assert.DoesNotContain("AIzaSecretKey", error.Message);
    }
}
