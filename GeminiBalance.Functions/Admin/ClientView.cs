using System.Text.Json.Serialization;
using GeminiBalance.Clients;

namespace GeminiBalance.Admin;

/// <summary>A client key as the admin API shows it: never its secret, nor the secret's digest.</summary>
/// <param name="State">active, disabled or expired.</param>
/// <param name="Used">Its counts in the current windows as this instance sees them (the shared totals of the last sync plus this instance's since).</param>
internal sealed record ClientView(
    string Id,
    string Name,
    bool Enabled,
    string State,
    DateTimeOffset? Expires,
    IReadOnlyList<string> Models,
    long? Rpm,
    long? Rpd,
    long? Tpd,
    [property: JsonPropertyName("tpm_month")] long? TpmMonth,
    string? Note,
    DateTimeOffset Created,
    ClientUsed Used)
{
    public static ClientView Of(ClientKey client, ClientMeters meters, DateTimeOffset now)
    {
        var meter = meters.For(client.Id);
        var minute = meter.Seen(ClientWindow.MinuteOf(now));
        var day = meter.Seen(ClientWindow.DayOf(now));
        var month = meter.Seen(ClientWindow.MonthOf(now));
        var state = !client.Enabled ? "disabled" : client.IsExpired(now) ? "expired" : "active";
        return new ClientView(
            client.Id, client.Name, client.Enabled, state, client.Expires, client.Models,
            client.Limits.Rpm, client.Limits.Rpd, client.Limits.Tpd, client.Limits.TpmMonth, client.Note, client.Created,
            new ClientUsed(minute.Requests, day.Requests, day.Tokens, month.Tokens));
    }
}

/// <summary>Requests this minute and today, tokens today and this month (UTC windows), against the limits beside them.</summary>
internal sealed record ClientUsed(long MinuteRequests, long DayRequests, long DayTokens, long MonthTokens);

/// <summary>The answer to making a client key: the only time its secret is shown.</summary>
internal sealed record CreatedClient(string Id, string Secret, ClientView Client);

/// <summary>All client keys, newest first.</summary>
internal sealed record ClientList(IReadOnlyList<ClientView> Clients);

/// <summary>One client key's use on one UTC day, per model: calls, errors and tokens by kind.</summary>
internal sealed record ClientUsageDay(string Day, long Requests, long Tokens, IReadOnlyDictionary<string, ModelUsage> Models);

/// <summary>A client key's use over the last days, newest first, as the instances have written it (up to KEY_STATE_REFRESH_SECONDS behind).</summary>
internal sealed record ClientUsageReport(string Id, IReadOnlyList<ClientUsageDay> Days);
