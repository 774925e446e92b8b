using System.Security.Cryptography;

namespace GeminiBalance.Usage;

/// <summary>
/// This process among the instances Azure Functions runs: a random id drawn at start. Rows an instance owns carry it,
/// so instances never write the same row and never contend.
/// </summary>
internal sealed record InstanceIdentity(string Id)
{
    public static InstanceIdentity NewRandom() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
}
