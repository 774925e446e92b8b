namespace GeminiBalance.Tests.Soak;

/// <summary>How one soak request ended, from its client's point of view.</summary>
internal enum SoakOutcome
{
    /// <summary>The whole, correct answer.</summary>
    Succeeded,

    /// <summary>A clear error in the client's protocol: an error body before the answer, or an error event ending a stream.</summary>
    FailedCorrectly,

    /// <summary>
    /// Anything a client could not rely on: a hang past the deadline, a 500, a wrong-shaped error, duplicated or
    /// reordered text, a stream cut without an error event, a wrong answer, or an upstream key in the response.
    /// </summary>
    Lost,
}
