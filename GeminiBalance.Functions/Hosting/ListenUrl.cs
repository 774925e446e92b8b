namespace GeminiBalance.Hosting;

/// <summary>Chooses where Kestrel listens, so clients see the same URL whichever host runs the app.</summary>
internal static class ListenUrl
{
    // The URL `func start` serves on; standalone runs use it too unless told otherwise.
    public const string Default = "http://localhost:7071";

    public static bool UnderFunctionsHost(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[SettingNames.FunctionsCustomHandlerPort]);

    /// <returns>The URL to bind, or null when ASPNETCORE_URLS / --urls already says.</returns>
    public static string? Choose(IConfiguration configuration)
    {
        // Under Azure Functions the host starts us and forwards every request to this loopback port.
        var customHandlerPort = configuration[SettingNames.FunctionsCustomHandlerPort];
        if (!string.IsNullOrWhiteSpace(customHandlerPort))
        {
            return int.TryParse(customHandlerPort, out var port) && port is > 0 and <= 65535
                ? $"http://127.0.0.1:{port}"
                : throw new SettingException(SettingNames.FunctionsCustomHandlerPort, "must be a TCP port number");
        }

        return string.IsNullOrWhiteSpace(configuration["urls"]) ? Default : null;
    }
}
