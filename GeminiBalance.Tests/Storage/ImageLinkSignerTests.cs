using GeminiBalance.Hosting;
using GeminiBalance.Storage;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

public sealed class ImageLinkSignerTests
{
    [Fact]
    public void ASignatureHoldsOnlyForItsNameAndExpiry()
    {
        var signer = Signer("token-a,token-b");
        var signature = signer.Sign("0123.png", 1_900_000_000);

        Assert.True(signer.IsValid("0123.png", 1_900_000_000, signature));
        Assert.False(signer.IsValid("0124.png", 1_900_000_000, signature));
        Assert.False(signer.IsValid("0123.png", 1_900_000_001, signature));
        Assert.False(signer.IsValid("0123.png", 1_900_000_000, signature[..^1] + (signature[^1] == 'A' ? 'B' : 'A')));
        Assert.DoesNotContain('+', signature);
        Assert.DoesNotContain('/', signature);
    }

    [Fact]
    public void InstancesWithTheSameTokensAgreeAndOtherTokensDoNot()
    {
        var signature = Signer("token-a,token-b").Sign("x.png", 1);

        Assert.True(Signer("token-b,token-a").IsValid("x.png", 1, signature));
        Assert.False(Signer("token-c").IsValid("x.png", 1, signature));
        Assert.DoesNotContain("token-a", signature);
    }

    private static ImageLinkSigner Signer(string tokens) => new(TestOptions.Read((SettingNames.AllowedTokens, tokens)));
}
