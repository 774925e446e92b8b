namespace GeminiBalance.Tests.Deployment;

/// <summary>One <c>{ name, value }</c> entry of a Bicep app settings array; <paramref name="Value"/> is the Bicep expression as written.</summary>
internal sealed record BicepAppSetting(string Name, string Value);
