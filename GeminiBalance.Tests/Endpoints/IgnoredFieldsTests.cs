using System.Text.Json;
using GeminiBalance.Endpoints;

namespace GeminiBalance.Tests.Endpoints;

public sealed class IgnoredFieldsTests
{
    [Fact]
    public void FindListsTheUnknownFieldsInTheClientsOrder()
    {
        using var request = JsonDocument.Parse("""{"b":1,"model":"m","a":null,"top_k_variant":2}""");

        var unknown = IgnoredFields.Find(request.RootElement, new HashSet<string>(["model"], StringComparer.Ordinal));

        Assert.Equal(["b", "a", "top_k_variant"], unknown);
    }

    [Fact]
    public void DescribeKeepsTheHeaderPlainAndShort()
    {
        var names = new List<string> { "repetition_penalty", "bad\r\nname", "naïve", new('x', 65) };
        names.AddRange(Enumerable.Range(0, 20).Select(i => $"f{i}"));

        var text = IgnoredFields.Describe(names);

        Assert.StartsWith("repetition_penalty, ?, ?, ?, f0, ", text, StringComparison.Ordinal);
        Assert.EndsWith("f15 (+4 more)", text, StringComparison.Ordinal);
        Assert.All(text, c => Assert.InRange(c, ' ', '~'));
    }
}
