namespace GeminiBalance.Admin;

/// <summary>How many log rows a delete removed (or, for a list of ids, was asked to remove).</summary>
internal sealed record DeletedLogRows(int Deleted);
