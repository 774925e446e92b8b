using GeminiBalance.Admin;

namespace GeminiBalance.Tests.Admin;

public sealed class PastedKeysTests
{
    private const string KeyA = "AIzaSyA0123456789abcdefghijklmnopqrstuv";
    private const string KeyB = "AIzaSyB-_23456789ABCDEFGHIJKLMNOPQRSTUV";

    [Fact]
    public void Extract_FindsEveryKeyInMixedText_OnceEach_InOrder()
    {
        var text = $"""
            Keys from the team sheet:
            1. {KeyB}, owner: ana
            api_key="{KeyA}"
            {KeyB}
            {"{"}"keys":["{KeyA}"]{"}"}
            """;

        var (keys, nearMisses) = PastedKeys.Extract(text);

        Assert.Equal([KeyB, KeyA], keys);
        Assert.Equal(0, nearMisses);
    }

    [Theory]
    [InlineData(KeyA + "w")]                       // one character too many
    [InlineData("AIzaSyA0123456789abcdefghijklmnopqrstu")] // one too few
    [InlineData("x" + KeyA)]                       // glued to a word before it
    [InlineData("AIza")]
    public void Extract_CountsNearMissesInsteadOfTakingPartOfThem(string word)
    {
        var (keys, nearMisses) = PastedKeys.Extract($"first {word} last {KeyB}");

        Assert.Equal([KeyB], keys);
        Assert.Equal(1, nearMisses);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no keys here, only sk-abc and AQ.vertex")]
    [InlineData("aiza0123456789abcdefghijklmnopqrstuvwxyz")]
    public void Extract_TextWithoutKeys_FindsNothing(string text)
    {
        var (keys, nearMisses) = PastedKeys.Extract(text);
        Assert.Empty(keys);
        Assert.Equal(0, nearMisses);
    }

    [Fact]
    public void Extract_KeysSplitByPunctuationOrNonAsciiText_AreFound()
    {
        var (keys, _) = PastedKeys.Extract($"《{KeyA}》;{KeyB}。");
        Assert.Equal([KeyA, KeyB], keys);
    }

    [Theory]
    [InlineData(KeyA, "AIza…stuv")]
    [InlineData("short-key-12345", "…")]
    public void Mask_ShowsTheEndsOfALongKeyAndNothingOfAShortOne(string secret, string masked) =>
        Assert.Equal(masked, KeyMask.Mask(secret));
}
