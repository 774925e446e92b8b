using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GeminiBalance.Auth;
using GeminiBalance.Keys;

namespace GeminiBalance.Admin;

/// <summary>
/// gemini-balance's key-maintenance routes, kept as aliases of the admin API (<see cref="KeyEndpoints"/>'s list, reset and
/// verify) for the scripts that call them, in gemini-balance's request and answer shapes. Unlike gemini-balance, which
/// leaves the <c>/gemini/v1beta</c> ones open, every alias needs the admin token. A key is named by its id (what
/// <c>/v1/keys/list</c> and <c>/manage/keys</c> show) or whole, as gemini-balance's scripts do; answers name it by id only.
/// </summary>
internal static partial class MaintenanceAliases
{
    public static IEndpointRouteBuilder MapMaintenanceAliases(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "v1", "hf/v1" })
        {
            app.MapGroup(prefix).RequireAdminToken().MapGet("keys/list", List);
        }

        var gemini = app.MapGroup("gemini/v1beta").RequireAdminToken();
        gemini.MapPost("reset-all-fail-counts", ResetAll);
        gemini.MapPost("reset-selected-fail-counts", ResetSelectedAsync);
        gemini.MapPost("reset-fail-count/{key}", ResetOne);
        gemini.MapPost("verify-key/{key}", VerifyOneAsync);
        gemini.MapPost("verify-selected-keys", VerifySelectedAsync);
        return app;
    }

    /// <summary>Whether the path is one of the aliases (which, like <c>/manage</c>, stay same-origin).</summary>
    public static bool Covers(PathString path) =>
        path.StartsWithSegments("/v1/keys", StringComparison.Ordinal) || path.StartsWithSegments("/hf/v1/keys", StringComparison.Ordinal)
        || (path.StartsWithSegments("/gemini/v1beta", StringComparison.Ordinal, out var rest)
            && rest.Value is { } action && (action.StartsWith("/verify-", StringComparison.Ordinal) || action.StartsWith("/reset-", StringComparison.Ordinal)));

    /// <summary>Keys in use (active, cooling included) are gemini-balance's valid ones; invalid and disabled ones are its invalid ones.</summary>
    private static IResult List(KeyPool pool)
    {
        var slots = pool.Set.Slots;
        var valid = slots.Where(slot => slot.Health.Status == KeyStatus.Active).ToDictionary(slot => slot.Key.Id, slot => slot.Health.ConsecutiveFailures, StringComparer.Ordinal);
        var invalid = slots.Where(slot => slot.Health.Status != KeyStatus.Active).ToDictionary(slot => slot.Key.Id, slot => slot.Health.ConsecutiveFailures, StringComparer.Ordinal);
        return TypedResults.Json(new AliasKeyList("success", new AliasKeyGroups(valid, invalid), slots.Length), AdminJsonContext.Default.AliasKeyList);
    }

    /// <summary><c>?key_type=valid|invalid</c> limits the reset to one group, as in gemini-balance.</summary>
    private static IResult ResetAll(string? key_type, KeyPool pool)
    {
        Func<KeySlot, bool>? inGroup = key_type switch
        {
            null or "" => _ => true,
            "valid" => slot => slot.Health.Status == KeyStatus.Active,
            "invalid" => slot => slot.Health.Status != KeyStatus.Active,
            _ => null,
        };
        if (inGroup is null)
        {
            return Answer(StatusCodes.Status400BadRequest, new AliasOutcome(false, "key_type must be valid or invalid."));
        }

        var slots = pool.Set.Slots.Where(inGroup).ToArray();
        foreach (var slot in slots)
        {
            pool.Reset(slot.Key);
        }

        return Answer(StatusCodes.Status200OK, new AliasOutcome(true, $"The failure counts of {slots.Length} key(s) were reset.", slots.Length));
    }

    /// <summary>200 when every key was found, 207 when only some were (gemini-balance's partial success), 404 when none.</summary>
    private static async Task<IResult> ResetSelectedAsync(HttpContext context, KeyPool pool)
    {
        var (keys, refused) = await ReadKeysAsync(context);
        if (refused is not null)
        {
            return refused;
        }

        var slots = FindAll(pool, keys!, out var missing);
        foreach (var slot in slots)
        {
            pool.Reset(slot.Key);
        }

        var status = missing == 0 ? StatusCodes.Status200OK : slots.Count > 0 ? StatusCodes.Status207MultiStatus : StatusCodes.Status404NotFound;
        var message = $"The failure counts of {slots.Count} key(s) were reset" + (missing == 0 ? "." : $"; {missing} key(s) are not in the pool.");
        return Answer(status, new AliasOutcome(slots.Count > 0, message, slots.Count));
    }

    private static IResult ResetOne(string key, HttpContext context, KeyPool pool)
    {
        if (AdminBody.RefuseBody(context.Request) is { } refused)
        {
            return refused;
        }

        if (Find(pool, key) is not { } slot)
        {
            return Answer(StatusCodes.Status404NotFound, new AliasOutcome(false, "No such key in the pool."));
        }

        pool.Reset(slot.Key);
        return Answer(StatusCodes.Status200OK, new AliasOutcome(true, "The failure count was reset."));
    }

    /// <summary>A test call on TEST_MODEL, as <c>/manage/keys/{id}/verify</c> makes: 200 valid, 400 invalid (gemini-balance's codes).</summary>
    private static async Task<IResult> VerifyOneAsync(string key, HttpContext context, KeyPool pool, KeyAdministration admin)
    {
        if (AdminBody.RefuseBody(context.Request) is { } refused)
        {
            return refused;
        }

        if (Find(pool, key) is not { } slot)
        {
            return Answer(StatusCodes.Status404NotFound, new AliasVerified("invalid", "No such key in the pool."));
        }

        var verified = (await admin.VerifyAsync([slot], context.RequestAborted)).Keys[0];
        return verified.Outcome == "valid"
            ? Answer(StatusCodes.Status200OK, new AliasVerified("valid"))
            : Answer(StatusCodes.Status400BadRequest, new AliasVerified("invalid", ErrorOf(verified)));
    }

    private static async Task<IResult> VerifySelectedAsync(HttpContext context, KeyPool pool, KeyAdministration admin)
    {
        var (keys, refused) = await ReadKeysAsync(context);
        if (refused is not null)
        {
            return refused;
        }

        var slots = FindAll(pool, keys!, out var missing);
        var verified = await admin.VerifyAsync(slots, context.RequestAborted);
        var successful = verified.Keys.Where(entry => entry.Outcome == "valid").Select(entry => entry.Key.Id).ToArray();
        var failed = verified.Keys.Where(entry => entry.Outcome != "valid").ToDictionary(entry => entry.Key.Id, ErrorOf, StringComparer.Ordinal);
        var message = $"Verified {slots.Count} key(s): {successful.Length} valid, {failed.Count} invalid"
                      + (missing == 0 ? "." : $"; {missing} key(s) are not in the pool and were not verified.");
        return Answer(StatusCodes.Status200OK, new AliasVerifiedKeys(true, message, successful, failed, successful.Length, failed.Count));
    }

    /// <summary>The bulk routes' <c>{"keys":[…]}</c>, at least one; else the refusal, in gemini-balance's shape when no key was given.</summary>
    private static async Task<(IReadOnlyList<string>? Keys, IResult? Refused)> ReadKeysAsync(HttpContext context)
    {
        var (request, error) = await AdminBody.ReadJsonAsync(context, AdminJsonContext.Default.AliasKeysRequest);
        if (error is not null)
        {
            return (null, error);
        }

        return request?.Keys is { Count: > 0 } keys
            ? (keys, null)
            : (null, Answer(StatusCodes.Status400BadRequest, new AliasOutcome(false, """No keys were given: send {"keys":["<key id or key>", …]}.""")));
    }

    private static string ErrorOf(VerifiedKey verified) =>
        verified.Error is { } error ? $"{verified.Outcome}: HTTP {error.Status} {error.Reason}".TrimEnd() : verified.Outcome;

    /// <summary>A key by id, or whole (compared in constant time); null when the pool has no such key.</summary>
    private static KeySlot? Find(KeyPool pool, string key)
    {
        var set = pool.Set;
        if (KeyId().IsMatch(key))
        {
            return set.Find(key);
        }

        return set.Find(ShortId.From(key)) is { } slot
               && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(slot.Key.Secret), Encoding.UTF8.GetBytes(key))
            ? slot
            : null;
    }

    private static List<KeySlot> FindAll(KeyPool pool, IReadOnlyList<string> keys, out int missing)
    {
        var found = keys.Distinct(StringComparer.Ordinal).Select(key => Find(pool, key)).ToArray();
        missing = found.Count(slot => slot is null);
        return [.. found.OfType<KeySlot>().DistinctBy(slot => slot.Key.Id)];
    }

    private static IResult Answer(int status, AliasOutcome outcome) => TypedResults.Json(outcome, AdminJsonContext.Default.AliasOutcome, statusCode: status);

    private static IResult Answer(int status, AliasVerified verified) => TypedResults.Json(verified, AdminJsonContext.Default.AliasVerified, statusCode: status);

    private static IResult Answer(int status, AliasVerifiedKeys verified) => TypedResults.Json(verified, AdminJsonContext.Default.AliasVerifiedKeys, statusCode: status);

    [GeneratedRegex("^[0-9a-f]{12}$")]
    private static partial Regex KeyId();
}
