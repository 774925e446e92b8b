namespace GeminiBalance.Storage;

/// <summary>How a write treats properties the entity does not carry: Merge keeps them (MERGE verb), Replace drops them (PUT).</summary>
internal enum TableUpdateMode
{
    Merge,
    Replace,
}
