namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// Every blob container the app writes has a lifecycle rule in infra/, so a blob the app never deletes (its row was
/// never written, or its deletion failed) is still swept. Read as text: no Bicep compiler runs here.
/// </summary>
public sealed class BlobLifecycleTests
{
    [Fact]
    public void EveryContainerSettingHasADeleteRuleOnItsContainer()
    {
        var containers = InfraFiles.AppSettings().Where(setting => setting.Name.EndsWith("_CONTAINER", StringComparison.Ordinal)).ToArray();
        var storage = BicepText.WithoutComments(File.ReadAllText(Path.Combine(InfraFiles.Folder, "modules", "storage.bicep")));
        var main = BicepText.WithoutComments(File.ReadAllText(InfraFiles.MainBicep));

        Assert.NotEmpty(containers);
        Assert.All(containers, container =>
        {
            // The app setting's value is main.bicep's parameter, handed to the storage module under the same name.
            var parameter = container.Value.Trim();
            Assert.Contains($"{parameter}: {parameter}", main, StringComparison.Ordinal);
            Assert.Contains($"param {parameter} string", storage, StringComparison.Ordinal);
            Assert.Contains($"prefixMatch: ['${{{parameter}}}/']", storage, StringComparison.Ordinal);
        });
        Assert.Contains("Microsoft.Storage/storageAccounts/managementPolicies@", storage, StringComparison.Ordinal);
    }
}
