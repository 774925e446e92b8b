using System.Net;

namespace GeminiBalance.Tests.Storage;

/// <summary>Answers every request with one status and keeps what was sent, so signing can be checked without a server.</summary>
internal sealed class RecordingHandler(HttpStatusCode status) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent(string.Empty) });
    }
}
