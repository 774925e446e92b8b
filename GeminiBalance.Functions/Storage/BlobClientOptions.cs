using Azure.Core;

namespace GeminiBalance.Storage;

/// <summary>Retry, diagnostics and transport for the blob client, straight from Azure.Core, as for the table clients.</summary>
internal sealed class BlobClientOptions : ClientOptions
{
    /// <summary>The clock that dates SharedKey signatures.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
