namespace GeminiBalance.Translation;

/// <summary>Why a Gemini candidate ended, in the terms every client protocol has a word for.</summary>
internal enum FinishCause
{
    Stop,
    Length,
    ContentFilter,
}
