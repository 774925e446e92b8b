namespace GeminiBalance.Hosting;

/// <summary>
/// Application Insights as the Functions platform describes it: a connection string, and optionally an authentication
/// string (<c>Authorization=AAD</c>, with <c>ClientId=…</c> for a user-assigned identity) when the component accepts
/// only Entra ID tokens, as the deployment's does.
/// </summary>
internal sealed record ApplicationInsightsOptions(string ConnectionString, bool UsesEntraId, string? ClientId)
{
    // The connection string names the component's instrumentation key: never printed.
    public override string ToString() => $"ApplicationInsightsOptions {{ UsesEntraId = {UsesEntraId}, ClientId = {ClientId} }}";

    /// <returns>Null when no connection string is set.</returns>
    /// <exception cref="SettingException">The authentication string is not <c>Authorization=AAD</c> with an optional ClientId.</exception>
    public static ApplicationInsightsOptions? Read(string? connectionString, string? authenticationString)
    {
        if (connectionString is null)
        {
            return null;
        }

        if (authenticationString is null)
        {
            return new ApplicationInsightsOptions(connectionString, UsesEntraId: false, ClientId: null);
        }

        string? authorization = null, clientId = null;
        foreach (var pair in authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (name, value) = pair.Split('=', 2, StringSplitOptions.TrimEntries) is [var n, var v] ? (n, v) : (pair, "");
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (name.Equals("ClientId", StringComparison.OrdinalIgnoreCase) && value.Length > 0)
            {
                clientId = value;
            }
        }

        return authorization is not null && authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            ? new ApplicationInsightsOptions(connectionString, UsesEntraId: true, clientId)
            : throw new SettingException(SettingNames.ApplicationInsightsAuthenticationString, "must be Authorization=AAD, with ClientId=<identity's client id> for a user-assigned identity");
    }
}
