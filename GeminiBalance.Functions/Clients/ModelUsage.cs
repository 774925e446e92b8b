using GeminiBalance.Upstream;

namespace GeminiBalance.Clients;

/// <summary>One client's use of one model in one day: calls admitted, calls answered with an error, tokens by kind.</summary>
internal sealed class ModelUsage
{
    public long Calls { get; set; }

    public long Errors { get; set; }

    public long Prompt { get; set; }

    public long Candidates { get; set; }

    public long Thoughts { get; set; }

    public long Total { get; set; }

    public void AddTokens(TokenUsage tokens)
    {
        Prompt += tokens.Prompt;
        Candidates += tokens.Candidates;
        Thoughts += tokens.Thoughts;
        Total += tokens.Total;
    }

    public void Add(ModelUsage other)
    {
        Calls += other.Calls;
        Errors += other.Errors;
        Prompt += other.Prompt;
        Candidates += other.Candidates;
        Thoughts += other.Thoughts;
        Total += other.Total;
    }
}
