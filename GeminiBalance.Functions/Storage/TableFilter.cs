using System.Globalization;

namespace GeminiBalance.Storage;

/// <summary>
/// Builds an OData <c>$filter</c> from an interpolated string, quoting and escaping every interpolated value
/// as Azure.Data.Tables' <c>TableClient.CreateQueryFilter</c> does, so no value can change the expression:
/// https://learn.microsoft.com/rest/api/storageservices/querying-tables-and-entities#constructing-filter-strings
/// </summary>
internal static class TableFilter
{
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = new object[filter.ArgumentCount];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Literal(filter.GetArgument(i), i);
        }

        return string.Format(CultureInfo.InvariantCulture, filter.Format, arguments);
    }

    private static string Literal(object? value, int index) => value switch
    {
        null => "null",
        bool flag => flag ? "true" : "false",
        string text => Quote(text),
        char character => Quote(character.ToString()),
        int or short or byte or sbyte or ushort => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        uint number => number.ToString(CultureInfo.InvariantCulture),

        // An L suffix makes the service compare as Int64; without it the literal is an Int32 and large values fail.
        long number => number.ToString(CultureInfo.InvariantCulture) + "L",

        // "R"-style shortest round trip, always with a decimal point so the literal is an Edm.Double.
        double number => Double(number),
        float number => Double(number),
        DateTimeOffset time => $"datetime'{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}'",
        Guid id => $"guid'{id:D}'",
        byte[] bytes => $"X'{Convert.ToHexStringLower(bytes)}'",
        _ => throw new ArgumentException($"Filter argument {index} is a {value.GetType().Name}, which has no OData literal.", nameof(value)),
    };

    private static string Quote(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string Double(double number)
    {
        if (!double.IsFinite(number))
        {
            throw new ArgumentException("NaN and infinities have no OData filter literal.", nameof(number));
        }

        var text = number.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E') >= 0 ? text : text + ".0";
    }
}
