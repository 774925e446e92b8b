namespace GeminiBalance.Translation;

/// <summary>
/// The response header that names tools a client asked for but the proxy left out of the Gemini request, so that a
/// client (or the person reading its logs) can tell why an answer was not grounded in a search.
/// </summary>
internal static class DroppedTools
{
    public const string HeaderName = "x-geminibalance-dropped-tools";

    /// <summary>Sets the header before the answer starts, when Google Search was dropped for function tools.</summary>
    public static void Note(HttpResponse response, bool searchDropped)
    {
        if (searchDropped)
        {
            response.Headers[HeaderName] = "google_search";
        }
    }
}
