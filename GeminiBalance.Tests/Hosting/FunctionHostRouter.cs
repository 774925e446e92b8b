using GeminiBalance.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiBalance.Tests.Hosting;

/// <summary>
/// The Functions host's HTTP routing, rebuilt from the same ASP.NET Core pieces: the host's WebJobsRouteBuilder maps
/// every HTTP function to a <see cref="Route"/> with the template from function.json, an
/// <see cref="HttpMethodRouteConstraint"/> for its methods and the default inline constraint resolver (which knows
/// <c>regex</c>). With an empty routePrefix the template is used as written.
/// </summary>
internal sealed class FunctionHostRouter
{
    private readonly IServiceProvider _services;
    private readonly IReadOnlyList<(string Name, Route WithMethods, Route AnyMethod)> _routes;

    public FunctionHostRouter(IEnumerable<HttpFunction> functions)
    {
        _services = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();
        var resolver = _services.GetRequiredService<IInlineConstraintResolver>();
        _routes = functions
            .Select(function => (
                function.Name,
                CreateRoute(function, resolver, new Dictionary<string, object> { ["httpMethod"] = new HttpMethodRouteConstraint([.. function.Methods]) }),
                CreateRoute(function, resolver, new Dictionary<string, object>())))
            .ToArray();
    }

    /// <summary>Every function whose route accepts the request; the host needs exactly one.</summary>
    /// <param name="method">The request method, or null to compare route templates alone.</param>
    public async Task<IReadOnlyList<string>> MatchAsync(string? method, string path)
    {
        var matches = new List<string>();
        foreach (var (name, withMethods, anyMethod) in _routes)
        {
            var context = new DefaultHttpContext { RequestServices = _services };
            context.Request.Method = method ?? HttpMethods.Get;
            context.Request.Path = path;
            var routeContext = new RouteContext(context);

            await (method is null ? anyMethod : withMethods).RouteAsync(routeContext);
            if (routeContext.Handler is not null)
            {
                matches.Add(name);
            }
        }

        return matches;
    }

    private static Route CreateRoute(HttpFunction function, IInlineConstraintResolver resolver, Dictionary<string, object> constraints) =>
        new(new RouteHandler(_ => Task.CompletedTask), function.Name, function.Route, defaults: null, constraints, dataTokens: null, resolver);
}
