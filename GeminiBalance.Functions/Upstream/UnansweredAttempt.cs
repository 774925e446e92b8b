namespace GeminiBalance.Upstream;

/// <summary>Names why an upstream call got no answer, for logs and a key's last error.</summary>
internal static class UnansweredAttempt
{
    // Exception messages can quote the request URL; the type and error code say enough.
    public static string Describe(Exception exception) => exception switch
    {
        HttpRequestException http => $"{nameof(HttpRequestException)} ({http.HttpRequestError})",
        OperationCanceledException or Polly.Timeout.TimeoutRejectedException or UpstreamBodyTimeoutException => "timed out",
        MalformedAnswerException => "malformed answer",
        _ => exception.GetType().Name,
    };
}
