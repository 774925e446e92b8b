using GeminiBalance.Hosting;

namespace GeminiBalance.Tests.Hosting;

public sealed class ListSettingTests
{
    [Theory]
    [InlineData("[\"a\",\"b\"]")]
    [InlineData(" [ \"a\" , \"b\", \"a\" ] ")]
    [InlineData("a,b")]
    [InlineData(" a , b ,, a ")]
    public void Parse_JsonArrayOrCommaList_GivesDistinctTrimmedItems(string value) =>
        Assert.Equal(["a", "b"], ListSetting.Parse("API_KEYS", value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("[]")]
    public void Parse_Empty_GivesNoItems(string? value) => Assert.Empty(ListSetting.Parse("API_KEYS", value));

    [Theory]
    [InlineData("[\"AIzaSecretValue\",")]
    [InlineData("[1,2]")]
    [InlineData("[\"AIzaSecretValue\", {\"x\":1}]")]
    public void Parse_BadJson_NamesTheSettingWithoutTheValue(string value)
    {
        var exception = Assert.Throws<SettingException>(() => ListSetting.Parse("API_KEYS", value));
        Assert.Equal("API_KEYS", exception.Setting);
        Assert.StartsWith("Setting API_KEYS ", exception.Message);
        Assert.DoesNotContain("AIzaSecretValue", exception.Message);
    }
}
