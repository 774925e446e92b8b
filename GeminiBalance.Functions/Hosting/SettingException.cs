namespace GeminiBalance.Hosting;

/// <summary>A setting that cannot be used. The message names the setting and never echoes its value, which may be a secret.</summary>
internal sealed class SettingException(string setting, string problem)
    : Exception($"Setting {setting} {problem}")
{
    public string Setting { get; } = setting;
}
