namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>A parsed Files API path: <c>/upload/{version}/files</c>, <c>/{version}/files</c> or <c>/{version}/files/{id}</c>.</summary>
internal sealed record FilesRoute(string Version, bool IsUpload, string? FileId)
{
    public static FilesRoute? Parse(string path) => path.Split('/') switch
    {
        ["", "upload", ("v1" or "v1beta") and var version, "files"] => new(version, true, null),
        ["", ("v1" or "v1beta") and var version, "files"] => new(version, false, null),
        ["", ("v1" or "v1beta") and var version, "files", { Length: > 0 } id] => new(version, false, id),
        _ => null,
    };
}
