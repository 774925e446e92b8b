namespace GeminiBalance.Clients;

/// <summary>
/// One client's counts in one window: requests admitted and tokens used, and for a day window the use per model. The
/// same shape is the shared row's total and one instance's not-yet-written share of it.
/// </summary>
internal sealed class WindowCount
{
    public long Requests { get; set; }

    public long Tokens { get; set; }

    /// <summary>Per model; kept on day windows only (the usage the statistics show).</summary>
    public Dictionary<string, ModelUsage> ByModel { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Requests == 0 && Tokens == 0 && ByModel.Count == 0;

    public ModelUsage Model(string model)
    {
        if (!ByModel.TryGetValue(model, out var usage))
        {
            ByModel[model] = usage = new ModelUsage();
        }

        return usage;
    }

    public void Add(WindowCount other)
    {
        Requests += other.Requests;
        Tokens += other.Tokens;
        foreach (var (model, usage) in other.ByModel)
        {
            Model(model).Add(usage);
        }
    }
}
