using System.Collections.Concurrent;
using GeminiBalance.Auth;
using GeminiBalance.Errors;
using GeminiBalance.Upstream;

namespace GeminiBalance.Clients;

/// <summary>
/// Admits each client-key request against its key's limits and counts its use, from memory only (one
/// <see cref="ClientMeter"/> per key); <see cref="ClientSync"/> reconciles the counts with the other instances.
/// Requests made with ALLOWED_TOKENS or the admin token are not metered: those are unlimited keys.
/// </summary>
internal sealed class ClientMeters(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ClientMeter> _meters = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, ClientMeter>> All => _meters;

    public ClientMeter For(string clientId) => _meters.GetOrAdd(clientId, static _ => new ClientMeter());

    /// <returns>The refusal to answer with, or null when the call may go on (and was counted).</returns>
    public ErrorResult? Admit(ClientIdentity? identity, GeminiCall call)
    {
        if (identity?.Client is not { } client)
        {
            return null;
        }

        // Model-less calls (listing models) and Files API calls are counted but name no model to allow or refuse.
        var checksModel = call.Model.Length > 0 && call.Model != Files.FileUpstream.QuotaName;
        return For(client.Id).Admit(client, call.Model, checksModel, time.GetUtcNow())?.ToResult(call.Answer.Protocol);
    }

    public void Completed(ClientIdentity? identity, GeminiCall call, int statusCode, TokenUsage? tokens)
    {
        if (identity?.Client is { } client)
        {
            For(client.Id).Completed(call.Model, statusCode >= 400, tokens, time.GetUtcNow());
        }
    }

    /// <summary>Drops the meters of keys that no longer exist.</summary>
    public void Keep(IReadOnlyCollection<ClientKey> clients)
    {
        var known = clients.Select(client => client.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in _meters.Keys.Where(id => !known.Contains(id)))
        {
            _meters.TryRemove(id, out _);
        }
    }
}
