using System.Globalization;

namespace GeminiBalance.Endpoints;

/// <summary>A list route's <c>pageSize</c>, read as Google reads it: absent or 0 means the default, more than the maximum is the maximum.</summary>
internal static class PageSizeQuery
{
    /// <returns>The page size, or null when the text is not a whole number of at least 0.</returns>
    public static int? Read(string text, int defaultSize, int maxSize)
    {
        if (text.Length == 0)
        {
            return defaultSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        return size == 0 ? defaultSize : Math.Min(size, maxSize);
    }
}
