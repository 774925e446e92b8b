using Azure.Core;
using Azure.Core.Pipeline;

namespace GeminiBalance.Benchmarks.Children;

/// <summary>Counts every HTTP request the storage pipeline sends, retries included.</summary>
internal sealed class CountingPolicy(StorageCallCounter counter) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => counter.Count();
}
