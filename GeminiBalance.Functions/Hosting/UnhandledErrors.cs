using GeminiBalance.Errors;

namespace GeminiBalance.Hosting;

/// <summary>
/// The last word on an exception no endpoint handled: a 500 in the caller's protocol, under either host. Kestrel alone
/// would answer an empty 500, and the Functions worker an empty 200 (it treats a function's exception as its result).
/// </summary>
internal sealed partial class UnhandledErrors(RequestDelegate next, ILogger<UnhandledErrors> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The type only: a message can carry a URL with a key in it.
            Failed(logger, context.Request.Method, context.Request.Path, exception.GetType().Name);
            if (context.Response.HasStarted)
            {
                // Part of an answer is out; ending the connection tells the client it is incomplete, a clean end would not.
                context.Abort();
                return;
            }

            context.Response.Clear();
            await new ErrorResult(ProtocolOfPath.Of(context.Request.Path), StatusCodes.Status500InternalServerError, "The proxy failed to handle the request.").ExecuteAsync(context);
        }
    }

    [LoggerMessage(34, LogLevel.Error, "Unhandled {Error} for {Method} {Path}")]
    private static partial void Failed(ILogger logger, string method, string path, string error);
}
