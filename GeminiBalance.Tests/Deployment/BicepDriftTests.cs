using System.Collections;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeminiBalance.Hosting;
using GeminiBalance.Tests.TestKit;
using Microsoft.Extensions.Configuration;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// The infrastructure and the code agree on settings: every setting the code reads (<see cref="SettingNames.All"/>) is
/// provisioned by infra/*.bicep, nothing app-specific is provisioned that the code does not read, secrets stay in
/// Key Vault, and the provisioned defaults are the code's own, read from the Bicep text (BicepCompileTests checks the compiled template).
/// </summary>
public sealed partial class BicepDriftTests
{
    // Azure deploys with keys off, so storage is reached by identity (AzureWebJobsStorage__accountName); a connection
    // string here would be a key in plain app settings. Locally it is the other way round (Azurite's connection string).
    private const string StorageByConnectionString = SettingNames.AzureWebJobsStorage;
    private const string StorageByIdentity = SettingNames.AzureWebJobsStorageAccountName;

    // The account's endpoints for identity-based storage; locally the connection string stands for them, as for the name.
    private static readonly HashSet<string> StorageIdentitySettings = new(StringComparer.Ordinal)
    {
        StorageByIdentity, SettingNames.AzureWebJobsStorageTableServiceUri, SettingNames.AzureWebJobsStorageBlobServiceUri,
    };

    // Settings whose Bicep value comes from another resource rather than from a parameter with the code's default.
    private static readonly HashSet<string> InfrastructureDerived = new(StringComparer.Ordinal)
    {
        SettingNames.AzureWebJobsStorageAccountName, SettingNames.AzureWebJobsStorageTableServiceUri, SettingNames.AzureWebJobsStorageBlobServiceUri,
    };

    // Secrets: their values must be Key Vault references (the optional ones, PAID_KEY and PROXIES, when they are set).
    private static readonly string[] Secrets = [SettingNames.ApiKeys, SettingNames.AllowedTokens, SettingNames.AuthToken, SettingNames.PaidKey, SettingNames.Proxies];

    /// <summary>Settings Bicep may set that the app's code does not read, each with who reads it.</summary>
    private static readonly Dictionary<string, string> PlatformSettings = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage__credential"] = "Functions host: identity-based host storage (functions-reference, 'Connecting to host storage with an identity')",
        ["AzureWebJobsStorage__clientId"] = "Functions host: which user-assigned identity reaches host storage",
        ["AZURE_CLIENT_ID"] = "Azure.Identity DefaultAzureCredential (the app's storage clients): which user-assigned identity to use",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "Functions host: Application Insights",
        ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "Functions host: Entra ID auth for Application Insights",
    };

    [Fact]
    public void AppSettings_EverySettingTheCodeReads_IsProvisioned()
    {
        var provisioned = ProvisionedNames();
        var required = SettingNames.All.Where(name => name != StorageByConnectionString);

        var missing = required.Where(name => !provisioned.Contains(ToAppSettingName(name))).ToArray();

        Assert.True(missing.Length == 0, $"Read by the code (SettingNames.All) but not set in infra/*.bicep: {string.Join(", ", missing.Select(ToAppSettingName))}");
    }

    [Fact]
    public void AppSettings_EveryProvisionedSetting_IsReadByTheCodeOrThePlatform()
    {
        var known = SettingNames.All.Select(ToAppSettingName).Concat(PlatformSettings.Keys).ToHashSet(StringComparer.Ordinal);

        var unknown = ProvisionedNames().Where(name => !known.Contains(name)).ToArray();

        Assert.True(unknown.Length == 0, $"Set in infra/*.bicep but read by neither the code nor the platform: {string.Join(", ", unknown)} (add it to SettingNames or, if the platform reads it, to PlatformSettings with its documentation)");
    }

    [Fact]
    public void AppSettings_HostAndStorage_AreLeftToTheHostAndReachedByIdentity()
    {
        var provisioned = ProvisionedNames();

        Assert.DoesNotContain(ToAppSettingName(StorageByConnectionString), provisioned);
        Assert.Contains(ToAppSettingName(StorageByIdentity), provisioned);
        Assert.Equal("'managedidentity'", Single("AzureWebJobsStorage__credential").Value);
    }

    [Fact]
    public void AppSettings_EachName_IsSetOnce()
    {
        var duplicates = InfraFiles.AppSettings().GroupBy(setting => setting.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key);

        Assert.Empty(duplicates);
    }

    [Theory]
    [InlineData(SettingNames.ApiKeys)]
    [InlineData(SettingNames.AllowedTokens)]
    [InlineData(SettingNames.AuthToken)]
    public void AppSettings_Secret_IsAKeyVaultReference(string setting)
    {
        var value = BicepText.StringLiteral(Single(ToAppSettingName(setting)).Value);

        Assert.NotNull(value);
        Assert.Matches(KeyVaultReference(), value);
    }

    [Fact]
    public void AppSettings_NoValue_UsesASecureParameterDirectly()
    {
        // A @secure() parameter in a plain app setting would put the secret where anyone with read access sees it.
        var secure = InfraFiles.AllBicep.SelectMany(file => BicepText.Parameters(File.ReadAllText(file))).Where(parameter => parameter.IsSecure).Select(parameter => parameter.Name).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(secure);

        foreach (var setting in InfraFiles.AppSettings())
        {
            var identifiers = Identifier().Matches(setting.Value).Select(match => match.Value);
            Assert.False(identifiers.Any(secure.Contains), $"{setting.Name} is set from a @secure() parameter: {setting.Value}");
        }
    }

    [Fact]
    public void AppSettings_NonSecretDefaults_AreTheCodesDefaults()
    {
        var parameters = InfraFiles.MainParametersDeclared().ToDictionary(parameter => parameter.Name, StringComparer.Ordinal);
        var fromBicep = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unresolved = new List<string>();

        foreach (var name in SettingNames.All.Where(name => name != StorageByConnectionString && !InfrastructureDerived.Contains(name) && !Secrets.Contains(name)))
        {
            var value = DefaultValue(Single(ToAppSettingName(name)).Value, parameters);
            if (value is null)
            {
                unresolved.Add(name);
            }
            else
            {
                fromBicep[name] = value;
            }
        }

        Assert.True(unresolved.Count == 0, $"Not set from a literal or a parameter with a default in infra/main.bicep: {string.Join(", ", unresolved)}");

        // Reading the Bicep defaults must give exactly the options the code gives when nothing is set.
        var codeDefaults = ReadOptions(new Dictionary<string, string?>());
        var bicepDefaults = ReadOptions(fromBicep);
        foreach (var property in typeof(ProxyOptions).GetProperties().Where(property => property.Name is not (nameof(ProxyOptions.ApiKeys) or nameof(ProxyOptions.AllowedTokens) or nameof(ProxyOptions.AuthToken) or nameof(ProxyOptions.Storage))))
        {
            Assert.True(SameValue(property.GetValue(codeDefaults), property.GetValue(bicepDefaults)), $"ProxyOptions.{property.Name}: Bicep's default gives {property.GetValue(bicepDefaults)}, the code's default is {property.GetValue(codeDefaults)}");
        }
    }

    [Fact]
    public void ParametersFile_NamesOnlyNonSecretParametersOfMainBicep()
    {
        var declared = InfraFiles.MainParametersDeclared().ToDictionary(parameter => parameter.Name, StringComparer.Ordinal);
        using var file = JsonDocument.Parse(File.ReadAllBytes(InfraFiles.MainParameters));

        var names = file.RootElement.GetProperty("parameters").EnumerateObject().Select(property => property.Name).ToArray();

        Assert.NotEmpty(names);
        Assert.All(names, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare"));
        // Secrets are passed on the command line (-p apiKeys=...), never committed.
        Assert.All(names, name => Assert.False(declared[name].IsSecure, $"main.parameters.json sets the secure parameter '{name}'"));
    }

    [Fact]
    public void LocalSettingsSample_NamesTheSettingsTheCodeReads()
    {
        using var sample = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoRoot.Path, "local.settings.sample.json")));
        var names = sample.RootElement.GetProperty("Values").EnumerateObject().Select(property => property.Name)
            // `func start` needs it to start the worker; the app does not read it.
            .Where(name => name != "FUNCTIONS_WORKER_RUNTIME")
            .Order(StringComparer.Ordinal);
        var expected = SettingNames.All.Where(name => !StorageIdentitySettings.Contains(name)).Select(ToAppSettingName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, names);
    }

    [Fact]
    public void FunctionsSources_ReadSettingsOnlyThroughSettingNames()
    {
        // Otherwise a new setting could be read without entering SettingNames.All, and the checks above would not see it.
        var sources = Directory.GetFiles(Path.Combine(RepoRoot.Path, "GeminiBalance.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                           && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var literals = sources
            .SelectMany(file => ConfigurationKeyLiteral().Matches(File.ReadAllText(file)).Select(match => (File: Path.GetFileName(file), Key: match.Groups["key"].Value)))
            // ASP.NET Core's own host setting (--urls / ASPNETCORE_URLS), not an app setting.
            .Where(found => found.Key != "urls")
            .ToArray();

        Assert.True(literals.Length == 0, "Configuration read with a string literal instead of a SettingNames constant: " + string.Join(", ", literals.Select(found => $"{found.File}: \"{found.Key}\"")));
    }

    private static HashSet<string> ProvisionedNames()
    {
        var settings = InfraFiles.AppSettings();
        // A parser that found nothing would make every check above pass.
        Assert.NotEmpty(settings);
        return settings.Select(setting => setting.Name).ToHashSet(StringComparer.Ordinal);
    }

    private static BicepAppSetting Single(string appSettingName) =>
        Assert.Single(InfraFiles.AppSettings(), setting => setting.Name == appSettingName);

    /// <summary>How an app setting spells a configuration key: "__" for ':' (works on Linux, where Flex runs).</summary>
    private static string ToAppSettingName(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The value an expression has when the deployment passes no parameters: a literal, or a parameter's default.</summary>
    private static string? DefaultValue(string expression, IReadOnlyDictionary<string, BicepParameter> parameters)
    {
        if (BicepText.StringLiteral(expression) is { } literal)
        {
            return literal.Contains("${", StringComparison.Ordinal) ? null : literal;
        }

        var reference = ParameterReference().Match(expression);
        if (!reference.Success || !parameters.TryGetValue(reference.Groups["name"].Value, out var parameter) || parameter.Default is null)
        {
            return null;
        }

        return BicepText.StringLiteral(parameter.Default) ?? (IntegerLiteral().IsMatch(parameter.Default) ? parameter.Default : null);
    }

    private static ProxyOptions ReadOptions(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            [SettingNames.AllowedTokens] = "token",
            [SettingNames.AzureWebJobsStorage] = "UseDevelopmentStorage=true",
        };
        return ProxyOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
    }

    private static bool SameValue(object? left, object? right) =>
        left is IEnumerable leftItems and not string && right is IEnumerable rightItems and not string
            ? leftItems.Cast<object?>().SequenceEqual(rightItems.Cast<object?>())
            : Equals(left, right);

    [GeneratedRegex(@"^@Microsoft\.KeyVault\((SecretUri=https?://|SecretUri=\$\{|VaultName=)")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(?:string\(\s*)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\)?$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex(@"(?:[Cc]onfiguration|[Ss]ection|[Ss]ettings)\s*\[\s*""(?<key>[^""]*)""\s*\]|GetSection\(\s*""(?<key>[^""]*)""|GetValue<[^>]+>\(\s*""(?<key>[^""]*)""|GetConnectionString\(\s*""(?<key>[^""]*)""")]
    private static partial Regex ConfigurationKeyLiteral();
}
