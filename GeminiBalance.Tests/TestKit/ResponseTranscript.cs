using System.Text;

namespace GeminiBalance.Tests.TestKit;

/// <summary>A client handler that keeps the status line, every header and the body of every answer, to scan for secrets.</summary>
internal sealed class ResponseTranscript() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<string> _answers = [];

    public IReadOnlyList<string> Answers
    {
        get
        {
            lock (_answers)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>Fails naming the answer in which any of <paramref name="secrets"/> appears.</summary>
    public void AssertFreeOf(IEnumerable<string> secrets)
    {
        var answers = Answers;
        Assert.NotEmpty(answers);
        foreach (var secret in secrets)
        {
            Assert.All(answers, answer => Assert.DoesNotContain(secret, answer, StringComparison.OrdinalIgnoreCase));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var text = new StringBuilder().Append((int)response.StatusCode).Append('\n');
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            text.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
        }

        text.Append(await response.Content.ReadAsStringAsync(cancellationToken));
        lock (_answers)
        {
            _answers.Add(text.ToString());
        }

        return response;
    }
}
