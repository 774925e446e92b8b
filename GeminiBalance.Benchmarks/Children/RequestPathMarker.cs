namespace GeminiBalance.Benchmarks.Children;

/// <summary>
/// Marks the execution flow of each client request, so a storage call can tell whether a request is waiting on it.
/// Background work (the key-state refresh) runs on flows started before any request, so it is never marked.
/// </summary>
internal sealed class RequestPathMarker : IStartupFilter
{
    private static readonly AsyncLocal<bool> Marked = new();
    private static volatile bool _enabled;

    /// <summary>Off while allocations are measured: setting an AsyncLocal allocates, and that cost is ours, not the proxy's.</summary>
    public static bool Enabled
    {
        get => _enabled;
        set => _enabled = value;
    }

    public static bool IsOnRequestPath => Marked.Value;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (_enabled)
            {
                Marked.Value = true;
            }

            return following(context);
        });
        next(app);
    };
}
