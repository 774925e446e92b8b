using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace GeminiBalance.Tests.TestKit.FunctionsHost;

/// <summary>
/// What the host changes on a request it forwards to the worker's Kestrel: the invocation id that pairs it with the
/// gRPC invocation, and the X-Forwarded headers naming the client's side of the connection.
/// </summary>
internal sealed class InvocationForwarding(string invocationId) : HttpTransformer
{
    public const string InvocationHeader = "x-ms-invocation-id";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.TryAddWithoutValidation(InvocationHeader, invocationId);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Proto", httpContext.Request.Scheme);
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-Host", httpContext.Request.Host.Value);
        if (httpContext.Connection.RemoteIpAddress is { } client)
        {
            proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }
    }
}
