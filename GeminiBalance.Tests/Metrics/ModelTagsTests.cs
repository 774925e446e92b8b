using GeminiBalance.Metrics;

namespace GeminiBalance.Tests.Metrics;

public sealed class ModelTagsTests
{
    [Fact]
    public void AModelIsATagValueOnlyOnceAdmitted_AndOnlyUpToTheLimit()
    {
        var tags = new ModelTags();

        Assert.Equal(ModelTags.Other, tags.TagFor("gemini-2.5-pro"));
        Assert.Equal("gemini-2.5-pro", tags.Admit("gemini-2.5-pro"));
        Assert.Equal("gemini-2.5-pro", tags.TagFor("gemini-2.5-pro"));
        Assert.Equal("none", tags.TagFor(""));

        for (var i = 0; i < ModelTags.Limit * 2; i++)
        {
            tags.Admit($"made-up-{i}");
        }

        Assert.Equal(ModelTags.Limit, Enumerable.Range(0, ModelTags.Limit * 2).Select(i => tags.TagFor($"made-up-{i}")).Append("gemini-2.5-pro").Distinct().Count(tag => tag != ModelTags.Other));
        Assert.Equal("gemini-2.5-pro", tags.TagFor("gemini-2.5-pro"));
    }
}
