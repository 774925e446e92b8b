using GeminiBalance.Keys;

namespace GeminiBalance.Upstream;

/// <summary>
/// One Gemini API call, ready for <see cref="GeminiForwarder"/>. Its factory says what kind of call it is, and so which
/// keys may take it, whether it may be sent twice and which of the client's headers go with it
/// (<see cref="UpstreamRequest"/> is the one place that turns that into an upstream request).
/// </summary>
internal sealed class GeminiCall
{
    private GeminiCall(HttpMethod method, string model, string pathAndQuery, ReadOnlyMemory<byte>? body, IAnswerRelay answer, ClientHeaders headers)
    {
        Method = method;
        Model = model;
        PathAndQuery = pathAndQuery;
        Body = body;
        Answer = answer;
        Headers = headers;
    }

    public HttpMethod Method { get; }

    /// <summary>
    /// The model the call is for ("" for calls not tied to one, such as listing models; <see cref="Files.FileUpstream.QuotaName"/>
    /// for Files API calls): cooldowns, usage statistics and logs are kept per model.
    /// </summary>
    public string Model { get; }

    /// <summary>Upstream path and query, without any key.</summary>
    public string PathAndQuery { get; }

    /// <summary>The body, kept so that a retry on another key sends the same bytes; null when there is none or it is streamed.</summary>
    public ReadOnlyMemory<byte>? Body { get; }

    /// <summary>How the answer reaches the client: relayed as is, translated to the client's protocol, or taken by the Files API.</summary>
    public IAnswerRelay Answer { get; }

    /// <summary>Which of the client's own headers go upstream.</summary>
    public ClientHeaders Headers { get; }

    /// <summary>The only key that may take the call (the key whose project holds a file), or null for any pool key.</summary>
    public PoolKey? OwnerKey { get; private init; }

    /// <summary>An absolute upstream URL (a resumable upload's session) that replaces <see cref="PathAndQuery"/> under BASE_URL.</summary>
    public Uri? SessionUrl { get; private init; }

    /// <summary>
    /// The client's request body is streamed through as it arrives (file bytes): it cannot be sent twice, so the call gets
    /// one attempt.
    /// </summary>
    public bool StreamsClientBody { get; private init; }

    /// <summary>A model call: the files its body names (<see cref="Files.FileAffinity"/>) choose the key. Files API calls choose their own.</summary>
    public bool FollowsFileReferences { get; private init; }

    /// <summary>What a key is wanted for, as the 503 says it when none is usable.</summary>
    public string KeyPurpose => Model == Files.FileUpstream.QuotaName ? "uploads" : $"model '{Model}'";

    /// <summary>The native Gemini surface: the client's own request, its headers included, with only the key swapped.</summary>
    public static GeminiCall Native(HttpMethod method, string model, string pathAndQuery, ReadOnlyMemory<byte>? body, IAnswerRelay answer) =>
        new(method, model, pathAndQuery, body, answer, ClientHeaders.Forwarded) { FollowsFileReferences = true };

    /// <summary>
    /// A request the proxy wrote itself from one in another protocol (OpenAI, Anthropic, Responses): the client's headers
    /// describe that other request and none of them go upstream; a body is sent as JSON.
    /// </summary>
    public static GeminiCall Translated(HttpMethod method, string model, string pathAndQuery, ReadOnlyMemory<byte>? body, IAnswerRelay answer) =>
        new(method, model, pathAndQuery, body, answer, ClientHeaders.None) { FollowsFileReferences = true };

    /// <summary>
    /// The same streamed model call served by one non-streaming upstream call (FAKE_STREAM_ENABLED), its answer relayed
    /// as a one-element stream; only for calls <see cref="FakeStreamRelay.CanServe"/> accepts.
    /// </summary>
    public GeminiCall AsFakeStream() =>
        new(Method, Model, FakeStreamRelay.NonStreamingPath(PathAndQuery), Body, new FakeStreamRelay(Answer), Headers)
        {
            OwnerKey = OwnerKey,
            SessionUrl = SessionUrl,
            StreamsClientBody = StreamsClientBody,
            FollowsFileReferences = FollowsFileReferences,
        };

    /// <summary>The start of a resumable upload: small metadata, so it is retried on another key like any call.</summary>
    public static GeminiCall UploadStart(string pathAndQuery, ReadOnlyMemory<byte> metadata, IAnswerRelay answer) =>
        new(HttpMethod.Post, Files.FileUpstream.QuotaName, pathAndQuery, metadata, answer, ClientHeaders.UploadProtocol);

    /// <summary>A one-request (multipart or media) upload: the file's bytes stream through, so one key, one attempt.</summary>
    public static GeminiCall UploadWhole(string pathAndQuery, IAnswerRelay answer) =>
        new(HttpMethod.Post, Files.FileUpstream.QuotaName, pathAndQuery, null, answer, ClientHeaders.UploadProtocol) { StreamsClientBody = true };

    /// <summary>A chunk (or the finalizing chunk) of a resumable upload: its session's key only, one attempt.</summary>
    public static GeminiCall UploadChunk(Uri sessionUrl, PoolKey owner, IAnswerRelay answer) =>
        new(HttpMethod.Post, Files.FileUpstream.QuotaName, sessionUrl.PathAndQuery, null, answer, ClientHeaders.UploadProtocol)
        {
            SessionUrl = sessionUrl,
            OwnerKey = owner,
            StreamsClientBody = true,
        };

    /// <summary>A call on one uploaded file (get, delete): only the key whose project holds it can see it.</summary>
    public static GeminiCall OnFile(HttpMethod method, string pathAndQuery, PoolKey owner, IAnswerRelay answer) =>
        new(method, Files.FileUpstream.QuotaName, pathAndQuery, null, answer, ClientHeaders.None) { OwnerKey = owner };
}
