namespace GeminiBalance.Storage;

/// <summary>The app's table names, each behind STORAGE_TABLE_PREFIX (architecture.md §5).</summary>
internal sealed record StorageTables(string Prefix)
{
    public string Keys => Prefix + "keys";

    public string Schedules => Prefix + "schedules";

    public string AdminKeys => Prefix + "adminkeys";

    public string Usage => Prefix + "usage";

    public string RequestLog => Prefix + "requestlog";

    public string ErrorLog => Prefix + "errorlog";

    public string Responses => Prefix + "responses";

    public string Files => Prefix + "files";

    public string Uploads => Prefix + "uploads";

    public string Settings => Prefix + "settings";

    public string Clients => Prefix + "clients";
}
