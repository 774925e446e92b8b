using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Hostile;

/// <summary>
/// The hostile-input corpus against the real proxy (Kestrel on loopback, Azurite, the emulated Gemini): every answer a
/// correct 2xx or a 4xx in the caller's protocol, never a 5xx, never past its time bound, never a secret.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class HostileCorpusTests(AzuriteFixture storage)
{
    public const string PoolKey = "AIzaSyHostilePoolKey-secret-0000000000";
    public const string AdminToken = "admin-token-hostile-secret";

    // TIME_OUT is 10 s here; no answer may take much past it, whatever the request.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static string CorpusPath => HostileCorpusFileTests.CorpusPath;

    [Fact]
    public async Task EveryCorpusRequestGetsA2xxOrA4xxInItsProtocolInTimeWithoutASecret()
    {
        var corpus = HostileCorpus.Parse(await File.ReadAllTextAsync(CorpusPath));
        await using var upstream = await EmulatedGemini.StartAsync();
        upstream.SetKey(PoolKey, new KeyBehavior.Good());
        upstream.RecordRequests = false;
        await using var proxy = await ProxyHost.StartAsync(upstream, storage, [PoolKey], Settings);
        using var client = new HttpClient { BaseAddress = proxy.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };

        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            if (await CheckAsync(client, request) is { } failure)
            {
                failures.Add($"{request.Name} ({request.Method} {Shorten(request.Path)}): {failure}");
            }
        });

        // The first lines of each exception the app logged, so a 500 says where it came from.
        var exceptions = proxy.Logs.Lines.Where(line => line.Contains("Exception:", StringComparison.Ordinal))
            .Select(line => string.Join(" | ", line.Split('\n').Where(part => part.Contains("Exception", StringComparison.Ordinal) || part.Contains(" at GeminiBalance.", StringComparison.Ordinal)).Take(4)))
            .Distinct().Take(30);
        Assert.True(failures.IsEmpty, $"{failures.Count} of {corpus.Count} answers were wrong (in {clock.Elapsed.TotalSeconds:F0} s):\n" + string.Join('\n', exceptions) + "\n" + string.Join('\n', failures.OrderBy(failure => failure.Contains(": 5", StringComparison.Ordinal) || failure.Contains("within", StringComparison.Ordinal) ? 0 : 1).ThenBy(failure => failure, StringComparer.Ordinal).Take(150)));
        foreach (var secret in new[] { PoolKey, ProxyHost.ClientToken, AdminToken })
        {
            Assert.DoesNotContain(proxy.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["AUTH_TOKEN"] = AdminToken,
        ["TIME_OUT"] = "10",
    };

    /// <returns>What was wrong with the answer, or null when it was right.</returns>
    public static async Task<string?> CheckAsync(HttpClient client, HostileRequest request)
    {
        using var message = ToMessage(request);
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var status = (int)response.StatusCode;
            var headers = string.Join('\n', response.Headers.Concat(response.Content.Headers).Select(header => $"{header.Key}: {string.Join(',', header.Value)}"));
            foreach (var secret in new[] { PoolKey, ProxyHost.ClientToken, AdminToken })
            {
                if (body.Contains(secret, StringComparison.Ordinal) || headers.Contains(secret, StringComparison.Ordinal))
                {
                    return $"{status} answer carries a secret";
                }
            }

            return status >= 500 ? $"{status} {Shorten(body)}"
                : status >= 400 && !InShape(request.Protocol, status, body) && !RefusedByServer(response, body) ? $"{status} not in {request.Protocol} shape: {Shorten(body)}"
                : null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return $"no complete answer within {Bound.TotalSeconds} s";
        }
        catch (HttpRequestException exception)
        {
            return $"connection failed: {exception.Message}";
        }
    }

    public static HttpRequestMessage ToMessage(HostileRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), HostileRequest.Expand(request.Path));
        switch (request.Auth, request.Protocol)
        {
            case (HostileAuth.Admin, _):
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
                break;
            case (HostileAuth.Client, HostileProtocol.OpenAi):
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProxyHost.ClientToken);
                break;
            case (HostileAuth.Client, HostileProtocol.Anthropic):
                message.Headers.Add("x-api-key", ProxyHost.ClientToken);
                break;
            case (HostileAuth.Client, HostileProtocol.Gemini):
                message.Headers.Add("x-goog-api-key", ProxyHost.ClientToken);
                break;
        }

        if (request.BodyBytes() is { } body)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>
    /// Kestrel's own refusal of a request it cannot parse (a NUL in the path, a malformed request line): no app code
    /// runs, so there is no protocol to answer in; a bare 400 that closes the connection is HTTP's answer.
    /// </summary>
    private static bool RefusedByServer(HttpResponseMessage response, string body) =>
        (int)response.StatusCode == 400 && body.Length == 0 && response.Headers.ConnectionClose == true;

    /// <summary>An error body as the caller's protocol writes one (admin and console routes answer in Gemini's).</summary>
    public static bool InShape(HostileProtocol protocol, int status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            // gemini-balance's maintenance routes: {"success":false,"message"} or {"status":"invalid","error"}; their
            // authentication refusals are the admin API's, in Gemini's shape.
            if (protocol == HostileProtocol.GeminiBalance)
            {
                if (root.ValueKind == JsonValueKind.Object
                    && ((root.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False && root.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String)
                        || (root.TryGetProperty("status", out var state) && state.ValueKind == JsonValueKind.String && root.TryGetProperty("error", out var reason) && reason.ValueKind == JsonValueKind.String)))
                {
                    return true;
                }

                protocol = HostileProtocol.Gemini;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            return protocol switch
            {
                HostileProtocol.Gemini => error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.GetInt32() == status
                    && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                    && error.TryGetProperty("status", out var code2) && code2.ValueKind == JsonValueKind.String,
                HostileProtocol.OpenAi => error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                    && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String,
                _ => root.TryGetProperty("type", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "error"
                    && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                    && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
