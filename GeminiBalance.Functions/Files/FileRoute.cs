using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Files;

/// <summary>Which keys may serve a call: any (the default, no files), only the files' owner, or none (the client is answered at once).</summary>
internal readonly record struct FileRoute(PoolKey? Owner, ErrorResult? Refusal)
{
    public static FileRoute AnyKey => default;

    public static FileRoute OnlyKey(PoolKey owner) => new(owner, null);

    public static FileRoute Refused(ErrorResult refusal) => new(null, refusal);
}
