using GeminiBalance.Storage;

namespace GeminiBalance.Tests.Storage;

public sealed class TableFilterTests
{
    [Fact]
    public void Create_StringWithQuotes_DoublesThem()
    {
        var name = "O'Brien' or 'a' eq 'a";

        Assert.Equal("Name eq 'O''Brien'' or ''a'' eq ''a'", TableFilter.Create($"Name eq {name}"));
    }

    [Fact]
    public void Create_TypedValues_UseODataLiterals()
    {
        var at = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 600, TimeSpan.FromHours(1));
        var id = Guid.Parse("c9da6455-213d-42c9-9a79-3e9149a57833");

        Assert.Equal(
            "A eq datetime'2025-01-02T02:04:05.6000000Z' and B eq guid'c9da6455-213d-42c9-9a79-3e9149a57833' and C eq 123L and D eq 7 and E eq true and F eq false and G eq 2.0 and H eq 0.5 and I eq X'00ff' and J eq null",
            TableFilter.Create($"A eq {at} and B eq {id} and C eq {123L} and D eq {7} and E eq {true} and F eq {false} and G eq {2.0} and H eq {0.5} and I eq {new byte[] { 0, 255 }} and J eq {null}"));
    }

    [Fact]
    public void Create_UnsupportedValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {new object()}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {double.NaN}"));
    }
}
