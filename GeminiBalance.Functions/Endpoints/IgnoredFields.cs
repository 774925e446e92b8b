using System.Text.Json;

namespace GeminiBalance.Endpoints;

/// <summary>
/// Top-level request fields a surface does not know and ignores rather than refuses, as gemini-balance and most gateways
/// do: clients add their own (<c>repetition_penalty</c>, <c>include_reasoning</c>…) and expect them dropped. They are
/// named in a response header and logged at debug level, so a client that expected one to act can see why it did not.
/// </summary>
internal static partial class IgnoredFields
{
    public const string Header = "x-geminibalance-ignored-fields";

    // A header line is not the place for a client's whole body: past this many names the header says how many more.
    private const int MaxNamed = 20;

    /// <summary>The object's fields that are not in <paramref name="known"/>, in the order the client sent them.</summary>
    public static IReadOnlyList<string> Find(JsonElement request, IReadOnlySet<string> known)
    {
        List<string>? unknown = null;
        foreach (var field in request.EnumerateObject())
        {
            if (!known.Contains(field.Name))
            {
                (unknown ??= []).Add(field.Name);
            }
        }

        return unknown ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Names <paramref name="fields"/> in the response header (once the response starts, so a retry that resets the headers keeps it) and in the debug log.</summary>
    public static void Announce(HttpContext context, IReadOnlyList<string> fields)
    {
        if (fields.Count == 0)
        {
            return;
        }

        var names = Describe(fields);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = names;
            return Task.CompletedTask;
        });
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IgnoredFields));
        Ignored(logger, names);
    }

    /// <summary>A header-safe list: a name that is not plain ASCII (a header could not carry it, a log line should not) is shown as "?".</summary>
    public static string Describe(IReadOnlyList<string> fields)
    {
        var shown = fields.Take(MaxNamed).Select(name => name.Length is > 0 and <= 64 && name.All(IsPlain) ? name : "?");
        var text = string.Join(", ", shown);
        return fields.Count > MaxNamed ? $"{text} (+{fields.Count - MaxNamed} more)" : text;
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '$' or '@';

    [LoggerMessage(1, LogLevel.Debug, "Ignored request fields this proxy does not know: {Fields}")]
    private static partial void Ignored(ILogger logger, string fields);
}
