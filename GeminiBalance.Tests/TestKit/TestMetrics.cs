using System.Diagnostics.Metrics;
using GeminiBalance.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace GeminiBalance.Tests.TestKit;

/// <summary>Instruments for a part built by hand in a test, on a meter factory of its own.</summary>
internal static class TestMetrics
{
    public static ProxyMetrics New() => new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
