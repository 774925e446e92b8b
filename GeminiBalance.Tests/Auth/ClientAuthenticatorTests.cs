using GeminiBalance.Auth;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Auth;

public sealed class ClientAuthenticatorTests
{
    private readonly ClientAuthenticator _authenticator = new(TestOptions.Read((SettingNames.AllowedTokens, "client-one,client-two"), (SettingNames.AuthToken, "the-admin")));

    [Fact]
    public void A_known_token_gets_the_same_identity_on_every_request()
    {
        var first = _authenticator.Authenticate("client-one");
        var again = _authenticator.Authenticate(new string("client-one".AsSpan()));

        Assert.NotNull(first);
        Assert.False(first.IsAdmin);
        Assert.Equal(ShortId.From("client-one"), first.TokenId);
        Assert.Equal(first, again);
        Assert.Equal(ShortId.From("client-two"), _authenticator.Authenticate("client-two")?.TokenId);
        Assert.True(_authenticator.Authenticate("the-admin")?.IsAdmin);
    }

    [Theory]
    [InlineData("client-on")]
    [InlineData("client-one ")]
    [InlineData("client-onf")]
    [InlineData("CLIENT-ONE")]
    [InlineData("")]
    public void A_token_close_to_a_known_one_is_refused_before_and_after_the_known_one_was_remembered(string guess)
    {
        Assert.Null(_authenticator.Authenticate(guess));
        Assert.NotNull(_authenticator.Authenticate("client-one"));
        Assert.Null(_authenticator.Authenticate(guess));
    }

    [Fact]
    public void No_token_is_refused() => Assert.Null(_authenticator.Authenticate(null));
}
