using System.Text;
using System.Text.RegularExpressions;

namespace GeminiBalance.Tests.Deployment;

/// <summary>
/// Just enough Bicep reading for the drift tests: comments, app settings arrays and parameters. No Bicep compiler can
/// run here, so this reads the text; it understands the subset infra/ is written in (multi-line objects, single-quoted
/// strings without nested quotes in interpolations, one-line decorators) and fails loudly on anything else.
/// </summary>
internal static partial class BicepText
{
    /// <summary>The source with <c>//</c> and <c>/* */</c> comments blanked out (strings untouched), so prose cannot look like code.</summary>
    public static string WithoutComments(string source)
    {
        var result = new StringBuilder(source.Length);
        var inString = false;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < source.Length)
                {
                    result.Append(source[++i]);
                }
                else if (c == '\'')
                {
                    inString = false;
                }
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }

                result.Append('\n');
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 1;
            }
            else
            {
                inString = c == '\'';
                result.Append(c);
            }
        }

        return result.ToString();
    }

    /// <summary>Every entry of every <c>appSettings = [ ... ]</c> or <c>appSettings: [ ... ]</c> array literal in the source.</summary>
    public static IReadOnlyList<BicepAppSetting> AppSettings(string source)
    {
        var code = WithoutComments(source);
        var settings = new List<BicepAppSetting>();
        foreach (Match start in AppSettingsArrayStart().Matches(code))
        {
            var open = start.Index + start.Length - 1;
            foreach (var entry in TopLevelObjects(code, open, Closing(code, open)))
            {
                var name = NameProperty().Match(entry);
                var value = ValueProperty().Match(entry);
                if (!name.Success || !value.Success)
                {
                    throw new FormatException($"An app setting without a literal name or a value: {entry}");
                }

                settings.Add(new BicepAppSetting(name.Groups["name"].Value, value.Groups["value"].Value.Trim()));
            }
        }

        return settings;
    }

    /// <summary>Every <c>param</c> declaration in the source.</summary>
    public static IReadOnlyList<BicepParameter> Parameters(string source) =>
        ParameterDeclaration().Matches(WithoutComments(source))
            .Select(match => new BicepParameter(
                match.Groups["name"].Value,
                match.Groups["type"].Value,
                match.Groups["default"].Success ? match.Groups["default"].Value.Trim() : null,
                match.Groups["decorators"].Value.Contains("@secure()", StringComparison.Ordinal)))
            .ToArray();

    /// <summary>The text of a single-quoted Bicep string literal, or null when the expression is not one.</summary>
    public static string? StringLiteral(string expression) =>
        expression.Length >= 2 && expression[0] == '\'' && expression[^1] == '\''
            ? expression[1..^1].Replace("\\'", "'", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : null;

    private static int Closing(string code, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < code.Length; i++)
        {
            var c = code[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '\'')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '\'':
                    inString = true;
                    break;
                case '[' or '{' or '(':
                    depth++;
                    break;
                case ']' or '}' or ')':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        throw new FormatException($"Unbalanced brackets after offset {open}.");
    }

    private static IEnumerable<string> TopLevelObjects(string code, int open, int close)
    {
        for (var i = open + 1; i < close; i++)
        {
            if (code[i] == '{')
            {
                var end = Closing(code, i);
                yield return code[(i + 1)..end];
                i = end;
            }
            else if (!char.IsWhiteSpace(code[i]) && code[i] != ',')
            {
                throw new FormatException($"Only object literals are expected in an app settings array, found '{code[i]}' at offset {i}.");
            }
        }
    }

    [GeneratedRegex(@"\bappSettings\s*[=:]\s*\[")]
    private static partial Regex AppSettingsArrayStart();

    [GeneratedRegex(@"\bname\s*:\s*'(?<name>[^'\\]*)'")]
    private static partial Regex NameProperty();

    [GeneratedRegex(@"\bvalue\s*:\s*(?<value>'(?:[^'\\]|\\.)*'|[^\r\n,}]+)")]
    private static partial Regex ValueProperty();

    [GeneratedRegex(@"(?<decorators>(?:^[ \t]*@[^\n]*\n)*)^[ \t]*param[ \t]+(?<name>\w+)[ \t]+(?<type>\w+)(?:[ \t]*=[ \t]*(?<default>[^\n]+))?", RegexOptions.Multiline)]
    private static partial Regex ParameterDeclaration();
}
