using GeminiBalance.Hosting;
using GeminiBalance.Settings;

namespace GeminiBalance.Tests.Documentation;

/// <summary>docs/settings.md has one row for every setting the code reads, and says truly which can change live.</summary>
public sealed class SettingsPageTests
{
    [Fact]
    public void EverySetting_HasOneRow()
    {
        var rows = Rows();
        Assert.All(SettingNames.All, name => Assert.True(rows.Count(row => row.Name == Spelled(name)) == 1, $"docs/settings.md needs one row for `{Spelled(name)}`"));
    }

    [Fact]
    public void LiveColumn_AgreesWithTheCatalog()
    {
        var rows = Rows().ToDictionary(row => row.Name, StringComparer.Ordinal);
        Assert.All(SettingCatalog.All, info => Assert.Equal(info.Live ? "live" : "read-only", rows[Spelled(info.Name)].Live));
    }

    // App settings and environment variables spell a nested name with "__", as the page does.
    private static string Spelled(string name) => name.Replace(":", "__", StringComparison.Ordinal);

    private static List<(string Name, string Live)> Rows()
    {
        var page = DocumentationPage.Read("docs/settings.md");
        return page.Text.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => (Name: cells[1].Split('`')[1], Live: cells[3]))
            .ToList();
    }
}
