using Azure.Core;

namespace GeminiBalance.Storage;

/// <summary>
/// Retry, diagnostics and transport for the table clients, straight from Azure.Core: exponential retries on
/// 408/429/5xx and transport failures, never on 404/409/412, which are answers rather than faults.
/// </summary>
internal sealed class TableClientOptions : ClientOptions
{
    /// <summary>The clock that dates SharedKey signatures; tests may skew it to prove the service checks them.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
