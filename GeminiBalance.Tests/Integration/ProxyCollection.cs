using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Integration;

/// <summary>One Azurite for every integration test; each test starts its own emulated Gemini and proxy.</summary>
[CollectionDefinition(Name)]
public sealed class ProxyCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "proxy";
}
