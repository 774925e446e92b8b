namespace GeminiBalance.Admin;

/// <summary>What <c>POST /manage/keys</c> did with the pasted text.</summary>
/// <param name="InvalidLooking">Words containing <c>AIza</c> that are not a whole key (truncated, too long, stray characters).</param>
internal sealed record AddedKeys(int Added, int AlreadyPresent, int InvalidLooking, IReadOnlyList<string> AddedIds, IReadOnlyList<string> AlreadyPresentIds);
