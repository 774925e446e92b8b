using GeminiBalance.Hosting;

namespace GeminiBalance.Settings;

/// <summary>
/// The one place the app's options are swapped: the request path reads <see cref="Current"/> (a volatile read, no
/// storage call), and <see cref="LiveSettings"/> replaces the whole record at once when an override changes, so a
/// request never sees half of one change.
/// </summary>
internal sealed class LiveOptions(ProxyOptions initial) : ICurrentOptions
{
    private ProxyOptions _current = initial;

    public ProxyOptions Current => Volatile.Read(ref _current);

    /// <returns>The options that were in force before.</returns>
    public ProxyOptions Swap(ProxyOptions next) => Interlocked.Exchange(ref _current, next);
}
