using System.Globalization;
using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit.GeminiEmulator;

/// <summary>The File resource as Google serialises it (docs/protocols.md#files-api): int64 as a string, nanosecond timestamps.</summary>
internal static class FileReplies
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    public static JsonObject File(EmulatedFile file)
    {
        var created = Timestamp(file.ExpiresAt - Lifetime);
        var json = new JsonObject { ["name"] = file.Name };
        if (file.DisplayName is { } displayName)
        {
            json["displayName"] = displayName;
        }

        json["mimeType"] = file.MimeType;
        json["sizeBytes"] = file.SizeBytes.ToString(CultureInfo.InvariantCulture);
        json["createTime"] = created;
        json["updateTime"] = created;
        json["expirationTime"] = Timestamp(file.ExpiresAt);
        json["sha256Hash"] = file.Sha256Hash;
        json["uri"] = $"https://generativelanguage.googleapis.com/v1beta/{file.Name}";
        json["state"] = "ACTIVE";
        json["source"] = "UPLOADED";
        return json;
    }

    // Google writes nine fractional digits; .NET keeps seven, so two zeros pad them.
    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";
}
