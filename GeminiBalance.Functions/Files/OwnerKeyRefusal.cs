using GeminiBalance.Errors;
using GeminiBalance.Keys;

namespace GeminiBalance.Files;

/// <summary>
/// What to answer when the only key that can see a file cannot be used: there is no other key to fall back on, so a key
/// that left the pool means the file is gone, and one that is set aside or cooling is waited for.
/// </summary>
internal static class OwnerKeyRefusal
{
    /// <param name="names">The files, as the message names them.</param>
    /// <param name="coolingScope">What the key is rate-limited for ("model 'x'", "file calls").</param>
    /// <returns>Null when the key is usable.</returns>
    public static ErrorResult? For(KeyAvailability availability, ApiProtocol protocol, string names, string coolingScope) => availability switch
    {
        { Key: null } => new ErrorResult(protocol, StatusCodes.Status404NotFound,
            $"File {names} no longer exists: the API key that uploaded it was removed from this proxy's pool; upload it again."),
        { Status: not KeyStatus.Active } => new ErrorResult(protocol, StatusCodes.Status503ServiceUnavailable,
            $"The API key that holds {names} is unavailable ({(availability.Status == KeyStatus.Disabled ? "disabled by an admin" : "rejected by Google or failing")}); "
            + "a file can only be used with the key that uploaded it."),
        { CoolingFor: { } wait } => new ErrorResult(protocol, StatusCodes.Status503ServiceUnavailable,
            $"The API key that holds {names} is rate-limited for {coolingScope}; it comes back in {Math.Ceiling(wait.TotalSeconds)} s. "
            + "A file can only be used with the key that uploaded it.", wait),
        _ => null,
    };
}
