namespace GeminiBalance.Upstream;

/// <summary>Which calls generate images: the ones PAID_KEY serves, since Google serves them only to billed projects.</summary>
internal static class ImageGeneration
{
    /// <summary>
    /// Imagen's <c>:predict</c> (native, images/generations, the <c>-chat</c> model) and the image-output Gemini models
    /// (<c>gemini-2.5-flash-image</c>, <c>…-image-preview</c>, <c>…-image-generation</c>): by the model's own name, so a
    /// text model's <c>-image</c> variant, which Google serves on free projects, stays on the pool.
    /// </summary>
    public static bool IsImageCall(GeminiCall call) =>
        call.Model.Length > 0 && call.Model != Files.FileUpstream.QuotaName
        && (call.Model.StartsWith("imagen-", StringComparison.OrdinalIgnoreCase)
            || call.PathAndQuery.Contains(":predict", StringComparison.Ordinal)
            || call.Model.Contains("-image", StringComparison.OrdinalIgnoreCase));
}
