using System.Collections.Concurrent;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>The mutable state shared by the emulator's public facade and its request handler; every member is thread-safe.</summary>
internal sealed class EmulatedGeminiState
{
    private readonly ConcurrentDictionary<string, KeyBehavior> _keys = new(StringComparer.Ordinal);
    private readonly List<ReceivedRequest> _requests = [];
    private readonly Lock _requestsLock = new();
    private readonly ConcurrentQueue<ScriptedReply> _scripts = new();
    private readonly TaskCompletionSource _streamAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TaskCompletionSource? _streamGate;
    private int _streamChunkCount = 3;
    private long _streamChunkIntervalTicks;
    private volatile bool _recordRequests = true;
    private volatile Action<ReceivedRequest>? _requestReceived;
    private readonly ConcurrentDictionary<string, EmulatedFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmulatedUpload> _uploads = new(StringComparer.Ordinal);
    private long _responseIds;
    private long _fileIds;
    private long _firstTokenDelayTicks;

    public int StreamChunkCount
    {
        get => Volatile.Read(ref _streamChunkCount);
        set => Volatile.Write(ref _streamChunkCount, value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A stream needs at least one element."));
    }

    public TimeSpan StreamChunkInterval
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _streamChunkIntervalTicks));
        set => Volatile.Write(ref _streamChunkIntervalTicks, value >= TimeSpan.Zero ? value.Ticks : throw new ArgumentOutOfRangeException(nameof(value), value, "A pause cannot be negative."));
    }

    public TimeSpan FirstTokenDelay
    {
        get => TimeSpan.FromTicks(Volatile.Read(ref _firstTokenDelayTicks));
        set => Volatile.Write(ref _firstTokenDelayTicks, value >= TimeSpan.Zero ? value.Ticks : throw new ArgumentOutOfRangeException(nameof(value), value, "A pause cannot be negative."));
    }

    public bool RecordRequests
    {
        get => _recordRequests;
        set => _recordRequests = value;
    }

    public Action<ReceivedRequest>? RequestReceived
    {
        get => _requestReceived;
        set => _requestReceived = value;
    }

    public TaskCompletionSource? StreamGate
    {
        get => _streamGate;
        set => _streamGate = value;
    }

    public Task StreamAborted => _streamAborted.Task;

    public int ModelsPageLimit { get; set; } = 1000;

    public FunctionCallPlan? FunctionCall { get; set; }

    public void SetKey(string key, KeyBehavior behavior) => _keys[key] = behavior;

    public KeyBehavior? FindKey(string key) => _keys.GetValueOrDefault(key);

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requestsLock)
            {
                return [.. _requests];
            }
        }
    }

    public void Record(ReceivedRequest request)
    {
        _requestReceived?.Invoke(request);
        if (!_recordRequests)
        {
            return;
        }

        lock (_requestsLock)
        {
            _requests.Add(request);
        }
    }

    public void ClearRequests()
    {
        lock (_requestsLock)
        {
            _requests.Clear();
        }
    }

    public void AddFile(EmulatedFile file) => _files[file.Id] = file;

    public EmulatedFile? FindFile(string fileId) => _files.GetValueOrDefault(fileId);

    public bool RemoveFile(string fileId) => _files.TryRemove(fileId, out _);

    /// <summary>Adds the file unless one with its id exists (a client-chosen name that is taken).</summary>
    public bool TryAddFile(EmulatedFile file) => _files.TryAdd(file.Id, file);

    /// <summary>Open resumable upload sessions by upload id.</summary>
    public ConcurrentDictionary<string, EmulatedUpload> Uploads => _uploads;

    // Sequential like the response ids, and valid file ids (lowercase letters, digits and dashes).
    public string NextFileId() => $"emulated-file-{Interlocked.Increment(ref _fileIds):D6}";

    public IReadOnlyList<EmulatedFile> Files => [.. _files.Values];

    public void EnqueueScript(ScriptedReply reply) => _scripts.Enqueue(reply);

    /// <summary>The next scripted answer, or null to echo; only successful generate calls consume one.</summary>
    public ScriptedReply? TakeScript() => _scripts.TryDequeue(out var reply) ? reply : null;

    public void NotifyStreamAborted() => _streamAborted.TrySetResult();

    // Sequential rather than random so failures reproduce; shaped like Google's 20-odd character ids.
    public string NextResponseId() => $"emulated-response-{Interlocked.Increment(ref _responseIds):D6}";
}
