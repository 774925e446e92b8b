using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeminiBalance.Translation;

/// <summary>
/// Builds Gemini's <c>systemInstruction</c> and <c>contents</c> from a client's conversation, whatever its protocol
/// (docs/protocols.md#chat-to-gemini, #responses-to-gemini, #messages-to-gemini): turns of one role are merged, function calls open a set of calls that their results must
/// answer, and the results become one user turn of <c>functionResponse</c> parts in the order of the calls (media the
/// results hold after them). Nothing joins a turn of results, where Gemini would read a person's words as more tool output.
/// </summary>
internal sealed class GeminiTurns(bool signReplayedCalls)
{
    /// <summary>
    /// Gemini 3 wants the thought signature back on replayed calls; a client with nowhere to keep it gets Google's
    /// documented sentinel on the first call of each turn instead (docs/protocols.md#ids-and-thought-signatures).
    /// </summary>
    public const string SkippedSignature = "skip_thought_signature_validator";

    private readonly JsonArray _system = [];
    private readonly List<Turn> _turns = [];

    /// <summary>The calls of the latest model turn still waiting for results: id → (name, position).</summary>
    private readonly Dictionary<string, (string Name, int Position)> _openCalls = new(StringComparer.Ordinal);

    /// <summary>Media the results of the latest calls hold, placed after all the results.</summary>
    private readonly List<JsonObject> _resultMedia = [];

    /// <summary>How many calls the latest model turn made, answered or not.</summary>
    private int _calls;

    public void AddSystemText(string text)
    {
        if (text.Length > 0)
        {
            _system.Add(new JsonObject { ["text"] = text });
        }
    }

    /// <summary>A user or model turn; merged with the turn before when that one has the same role.</summary>
    public void AddMessage(string role, JsonArray parts) => Append(role, TurnKind.Message, parts);

    /// <summary>A function call of the model; its <paramref name="id"/> is what the result will name.</summary>
    /// <param name="signature">The thought signature Gemini gave the call, when the client kept it.</param>
    public void AddCall(string id, string name, JsonNode args, string? signature = null)
    {
        var part = new JsonObject { ["functionCall"] = new JsonObject { ["name"] = name, ["args"] = args } };
        if (signature is not null || (signReplayedCalls && _calls == 0))
        {
            part["thoughtSignature"] = signature ?? SkippedSignature;
        }

        _openCalls[id] = (name, _calls++);
        Append("model", TurnKind.Message, [part]);
    }

    /// <returns>The function name of an open call, or null when no call with this id waits for a result.</returns>
    public string? OpenCallName(string id) => _openCalls.TryGetValue(id, out var call) ? call.Name : null;

    /// <summary>The result of the open call <paramref name="id"/> (check with <see cref="OpenCallName"/> first).</summary>
    /// <param name="media">Parts the result holds besides its text (images, documents), sent after all the results.</param>
    public void AddResult(string id, JsonObject response, IEnumerable<JsonObject>? media = null)
    {
        var (name, position) = _openCalls[id];
        _openCalls.Remove(id);
        _resultMedia.AddRange(media ?? []);
        var part = new JsonObject { ["functionResponse"] = new JsonObject { ["name"] = name, ["response"] = response } };
        if (_turns.Count > 0 && _turns[^1].Kind == TurnKind.FunctionResults)
        {
            _turns[^1].Results.Add((position, part));
        }
        else
        {
            _turns.Add(new Turn("user", TurnKind.FunctionResults, [], [(position, part)]));
        }
    }

    /// <summary>
    /// Checks that the latest calls were all answered (Gemini needs as many results as calls), and orders the results
    /// like the calls. Call before anything that is neither a call nor a result.
    /// </summary>
    /// <param name="missing">The message when calls are unanswered, from their ids (comma-separated).</param>
    public void CloseCalls(string param, Func<string, string> missing)
    {
        if (_openCalls.Count > 0)
        {
            throw new TranslationException(param, missing(string.Join(", ", _openCalls.Keys)));
        }

        _calls = 0;
        if (_turns.Count > 0 && _turns[^1] is { Kind: TurnKind.FunctionResults, Results.Count: > 0 } results)
        {
            foreach (var (_, part) in results.Results.OrderBy(r => r.Position))
            {
                results.Parts.Add(part);
            }

            foreach (var media in _resultMedia)
            {
                results.Parts.Add(media);
            }

            results.Results.Clear();
        }

        _resultMedia.Clear();
    }

    /// <summary>Whether the latest turn holds function results, so a new call starts a new model turn.</summary>
    public bool AfterResults => _turns.Count > 0 && _turns[^1].Kind == TurnKind.FunctionResults;

    /// <exception cref="TranslationException">Nothing to send: Gemini needs at least one content.</exception>
    public (JsonObject? SystemInstruction, JsonArray Contents) Finish(string param, string empty)
    {
        if (_turns.Count == 0)
        {
            throw new TranslationException(param, empty);
        }

        var contents = new JsonArray([.. _turns.Select(turn => new JsonObject { ["role"] = turn.Role, ["parts"] = turn.Parts })]);
        return (_system.Count == 0 ? null : new JsonObject { ["parts"] = _system }, contents);
    }

    /// <summary>A tool result as the JSON object Gemini requires: an object result as is, anything else under "result".</summary>
    public static JsonObject ResponseObject(string text)
    {
        try
        {
            var parsed = JsonNode.Parse(text);
            return parsed as JsonObject ?? new JsonObject { ["result"] = parsed };
        }
        catch (JsonException)
        {
            return new JsonObject { ["result"] = text };
        }
    }

    /// <summary>A call's <c>arguments</c> (JSON text) as the object Gemini's <c>args</c> takes; empty means none.</summary>
    public static JsonNode Arguments(string? text, string param)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new TranslationException(param, "'arguments' must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new TranslationException(param, "'arguments' is not valid JSON.");
        }
    }

    private void Append(string role, TurnKind kind, JsonArray parts)
    {
        if (parts.Count == 0)
        {
            return;
        }

        // Consecutive turns of one role are merged, except that a person's words never join a turn of tool results,
        // which Gemini would read as more tool output (docs/protocols.md#pitfalls item 2).
        if (_turns.Count > 0 && _turns[^1].Role == role && _turns[^1].Kind == kind)
        {
            foreach (var part in parts.ToList())
            {
                parts.Remove(part);
                _turns[^1].Parts.Add(part);
            }

            return;
        }

        _turns.Add(new Turn(role, kind, parts, []));
    }

    private enum TurnKind
    {
        Message,
        FunctionResults,
    }

    /// <param name="Results">Tool results not yet placed, with the position of the call each answers.</param>
    private sealed record Turn(string Role, TurnKind Kind, JsonArray Parts, List<(int Position, JsonObject Part)> Results);
}
