using System.Text.Json;
using System.Text.RegularExpressions;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// infra/ compiles and lints clean with the real Bicep CLI (a warning fails the test), and the ARM template it compiles
/// to says what matters: the .NET isolated runtime at the app's .NET version, every setting the code reads, secrets
/// from Key Vault, storage by identity.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class BicepCompileTests
{
    private static readonly string[] Secrets = [SettingNames.ApiKeys, SettingNames.AllowedTokens, SettingNames.AuthToken];

    [Fact]
    public async Task Build_MainBicep_CompilesWithoutDiagnostics()
    {
        var (exitCode, output, errors) = await BicepCli.RunAsync("build", InfraFiles.MainBicep, "--stdout");

        Assert.True(exitCode == 0, $"bicep build exited with {exitCode}:\n{errors}");
        Assert.True(Diagnostics(errors).Length == 0, "bicep build reported:\n" + errors);
        Assert.StartsWith("{", output.TrimStart());
    }

    [Fact]
    public async Task Lint_EveryBicepFile_HasNoWarnings()
    {
        var failures = new List<string>();
        foreach (var file in InfraFiles.AllBicep)
        {
            var (exitCode, output, errors) = await BicepCli.RunAsync("lint", file);
            var diagnostics = Diagnostics(output + errors);
            if (exitCode != 0 || diagnostics.Length > 0)
            {
                failures.Add($"{Path.GetFileName(file)} (exit {exitCode}):\n{string.Join('\n', diagnostics)}{errors}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task CompiledTemplate_FunctionApp_RunsDotnetIsolatedAtTheAppsDotnetVersion()
    {
        var runtime = Site(await BicepCli.MainTemplateAsync()).GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");

        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal(AppDotnetVersion(), runtime.GetProperty("version").GetString());
    }

    [Fact]
    public async Task CompiledTemplate_AppSettings_ProvisionEverySettingTheCodeReads()
    {
        var provisioned = AppSettings(await BicepCli.MainTemplateAsync()).Select(setting => setting.Name).ToHashSet(StringComparer.Ordinal);

        // Azure reaches storage by identity (AzureWebJobsStorage__accountName), never by a connection string.
        var missing = SettingNames.All.Where(name => name != SettingNames.AzureWebJobsStorage).Select(ToAppSettingName).Where(name => !provisioned.Contains(name)).ToArray();

        Assert.True(missing.Length == 0, "Read by the code but not in the compiled template's app settings: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task CompiledTemplate_Secrets_AreKeyVaultReferences()
    {
        var settings = AppSettings(await BicepCli.MainTemplateAsync()).ToDictionary(setting => setting.Name, setting => setting.Value, StringComparer.Ordinal);

        Assert.All(Secrets, secret => Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings[secret]));
    }

    [Fact]
    public async Task CompiledTemplate_Storage_IsReachedByIdentityOnly()
    {
        var template = await BicepCli.MainTemplateAsync();
        var settings = AppSettings(template).ToDictionary(setting => setting.Name, setting => setting.Value, StringComparer.Ordinal);
        var account = Nested(template, "storage").Single(resource => resource.GetProperty("type").GetString() == "Microsoft.Storage/storageAccounts");
        var deployment = Site(template).GetProperty("properties").GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");

        Assert.DoesNotContain(SettingNames.AzureWebJobsStorage, settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("AzureWebJobsStorage__accountName", settings.Keys);
        Assert.False(account.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.Equal("UserAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());
    }

    /// <summary>Bicep's text diagnostics: <c>file(line,col) : Warning rule: message</c> (or Error).</summary>
    private static string[] Diagnostics(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => DiagnosticLine().IsMatch(line)).ToArray();

    private static string ToAppSettingName(string settingName) => settingName.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>"net10.0" in Directory.Build.props is runtime version "10.0".</summary>
    private static string AppDotnetVersion() =>
        TargetFramework().Match(File.ReadAllText(Path.Combine(RepoRoot.Path, "Directory.Build.props"))).Groups[1].Value;

    private static IEnumerable<JsonElement> Nested(JsonElement template, string deploymentName) =>
        template.GetProperty("resources").EnumerateArray()
            .Single(resource => resource.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && resource.GetProperty("name").GetString() == deploymentName)
            .GetProperty("properties").GetProperty("template").GetProperty("resources").EnumerateArray();

    private static JsonElement Site(JsonElement template) =>
        Nested(template, "functionApp").Single(resource => resource.GetProperty("type").GetString() == "Microsoft.Web/sites");

    /// <summary>The app settings main.bicep hands the function app module: literal names, values as ARM expressions.</summary>
    private static IEnumerable<(string Name, string Value)> AppSettings(JsonElement template) =>
        template.GetProperty("resources").EnumerateArray()
            .Single(resource => resource.GetProperty("name").GetString() == "functionApp")
            .GetProperty("properties").GetProperty("parameters").GetProperty("appSettings").GetProperty("value").EnumerateArray()
            .Select(setting => (setting.GetProperty("name").GetString()!, setting.GetProperty("value").GetString()!));

    [GeneratedRegex(@"\) : (Warning|Error) ")]
    private static partial Regex DiagnosticLine();

    [GeneratedRegex(@"<TargetFramework>net(\d+\.\d+)</TargetFramework>")]
    private static partial Regex TargetFramework();
}
