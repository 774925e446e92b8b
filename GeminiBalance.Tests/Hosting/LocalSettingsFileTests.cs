using GeminiBalance.Hosting;

namespace GeminiBalance.Tests.Hosting;

public sealed class LocalSettingsFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gb-settings-");

    [Fact]
    public void Read_FunctionsFile_GivesItsValuesWithNestedKeysSpelledForConfiguration()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, LocalSettingsFile.FileName), """
            {
              // comments, as func accepts them
              "IsEncrypted": false,
              "Values": { "API_KEYS": "[\"a\",\"b\"]", "AzureWebJobsStorage__accountName": "acct", "MAX_RETRIES": 5, },
            }
            """);

        var values = LocalSettingsFile.Read(_directory.FullName).ToDictionary();

        Assert.Equal("[\"a\",\"b\"]", values["API_KEYS"]);
        Assert.Equal("acct", values["AzureWebJobsStorage:accountName"]);
        Assert.Equal("5", values["MAX_RETRIES"]);
    }

    [Fact]
    public void Read_NoFile_GivesNothing() => Assert.Empty(LocalSettingsFile.Read(_directory.FullName));

    [Fact]
    public void Read_BrokenFile_NamesTheFile()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, LocalSettingsFile.FileName), "{ \"Values\": { \"API_KEYS\": \"AIzaSecret\"");
        var exception = Assert.Throws<SettingException>(() => LocalSettingsFile.Read(_directory.FullName));
        Assert.Equal(LocalSettingsFile.FileName, exception.Setting);
        Assert.DoesNotContain("AIzaSecret", exception.Message);
    }

    [Fact]
    public void SampleFile_ParsesAndNamesEveryDocumentedSetting()
    {
        File.Copy(Path.Combine(TestKit.RepoRoot.Path, "local.settings.sample.json"), Path.Combine(_directory.FullName, LocalSettingsFile.FileName));
        // A setting is documented in the README or in any page under docs/.
        var documentation = string.Concat(Directory.EnumerateFiles(Path.Combine(TestKit.RepoRoot.Path, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(TestKit.RepoRoot.Path, "README.md"))
            .Select(File.ReadAllText));

        foreach (var name in LocalSettingsFile.Read(_directory.FullName).Select(pair => pair.Key).Where(name => name != "FUNCTIONS_WORKER_RUNTIME"))
        {
            Assert.Contains($"`{name.Replace(":", "__", StringComparison.Ordinal)}`", documentation);
        }
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
