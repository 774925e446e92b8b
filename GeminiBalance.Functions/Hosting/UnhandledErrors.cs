using GeminiBalance.Errors;

namespace GeminiBalance.Hosting;

/// <summary>
/// The last word on an exception no endpoint handled, under the Functions host: the worker treats a function's
/// exception as its result and answers an empty 200, so the group functions answer a 500 in the caller's protocol
/// themselves. (Standalone, Kestrel's own empty 500 stands; a middleware here would cost every request an allocation.)
/// </summary>
internal static partial class UnhandledErrors
{
    public static async Task AnswerAsync(HttpContext context, Exception exception, ILogger logger)
    {
        // A request Kestrel could not read (a body arriving too slowly, shorter than its Content-Length, malformed
        // chunks) is the client's fault: its own 4xx, as Kestrel answers it standalone, never a 500.
        var refused = exception as BadHttpRequestException;
        if (refused is not null)
        {
            Unreadable(logger, context.Request.Method, context.Request.Path, refused.StatusCode);
        }
        else
        {
            // The type only: a message can carry a URL with a key in it.
            Failed(logger, context.Request.Method, context.Request.Path, exception.GetType().Name);
        }

        if (context.Response.HasStarted)
        {
            // Part of an answer is out; ending the connection tells the client it is incomplete, a clean end would not.
            context.Abort();
            return;
        }

        context.Response.Clear();
        await (refused is null
            ? new ErrorResult(ProtocolOfPath.Of(context.Request.Path), StatusCodes.Status500InternalServerError, "The proxy failed to handle the request.")
            : new ErrorResult(ProtocolOfPath.Of(context.Request.Path), refused.StatusCode, $"The request could not be read: {refused.Message}")).ExecuteAsync(context);
    }

    [LoggerMessage(35, LogLevel.Information, "Unreadable request ({Status}) for {Method} {Path}")]
    private static partial void Unreadable(ILogger logger, string method, string path, int status);

    [LoggerMessage(34, LogLevel.Error, "Unhandled {Error} for {Method} {Path}")]
    private static partial void Failed(ILogger logger, string method, string path, string error);
}
