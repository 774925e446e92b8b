namespace GeminiBalance.Tests.TestKit;

/// <summary>Ways an upstream can misbehave beyond the errors Google documents (<see cref="KeyBehavior.Misbehaving"/>).</summary>
public enum UpstreamFault
{
    /// <summary>200 and its headers, then nothing, ever.</summary>
    HeadersThenSilence,

    /// <summary>200, the start of an answer, then one byte of whitespace every 50 ms, forever (never silent, never done).</summary>
    EndlessBody,

    /// <summary>200 with a body cut mid-document (not JSON); a stream's first event is cut the same way.</summary>
    InvalidJson,

    /// <summary>A stream whose first event is whole and whose second is not JSON; a unary call answers as Good.</summary>
    MalformedSseEvent,

    /// <summary>200 with usage and no candidates (and no promptFeedback either).</summary>
    NoCandidates,

    /// <summary>500 with an HTML page, as a front end in trouble sends.</summary>
    HtmlServerError,

    /// <summary>The connection is reset before any header is sent.</summary>
    ResetBeforeHeaders,

    /// <summary>200 with a 1 GiB answer (one text part), sent as fast as the reader takes it.</summary>
    HugeAnswer,
}
