using System.Text.Json;
using Azure;
using GeminiBalance.Storage;

namespace GeminiBalance.Tests.Storage;

public sealed class TableEntityTests
{
    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("RowKey")]
    [InlineData("Timestamp")]
    [InlineData("odata.etag")]
    [InlineData("Name@odata.type")]
    public void SystemPropertyNamesAreRefusedInTheBag(string name)
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity[name] = "x");
        Assert.Throws<ArgumentException>(() => entity.Add(name, "x"));
    }

    [Fact]
    public void UnsupportedValueTypesAreRefusedWhenSet()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["When"] = DateTime.UtcNow);
        Assert.Throws<ArgumentException>(() => entity["Money"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["List"] = new List<int>());
    }

    [Fact]
    public void GettersReturnNullWhenAbsentWidenNumbersAndRefuseOtherTypes()
    {
        var entity = new TableEntity("p", "r") { ["Small"] = 5, ["Text"] = "x" };

        Assert.Null(entity.GetInt32("Missing"));
        Assert.Null(entity.GetBoolean("Missing"));
        Assert.Null(entity.GetBinary("Missing"));
        Assert.Equal(5L, entity.GetInt64("Small"));
        Assert.Equal(5.0, entity.GetDouble("Small"));
        Assert.Throws<InvalidOperationException>(() => entity.GetInt32("Text"));
        Assert.Throws<InvalidOperationException>(() => entity.GetString("Small"));
    }

    [Fact]
    public void JsonCarriesTypeAnnotationsWhereJsonCannotSayTheType()
    {
        var entity = new TableEntity("p", "r")
        {
            ["Large"] = 5L,
            ["Real"] = 1.0,
            ["At"] = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(-5)),
            ["Id"] = Guid.Empty,
            ["Bytes"] = new byte[] { 1, 2 },
            ["Small"] = 7,
            ["Flag"] = true,
        };

        using var json = JsonDocument.Parse(TableEntityJson.Serialize(entity));
        var root = json.RootElement;

        Assert.Equal("p", root.GetProperty("PartitionKey").GetString());
        Assert.Equal("Edm.Int64", root.GetProperty("Large@odata.type").GetString());
        Assert.Equal("5", root.GetProperty("Large").GetString());
        Assert.Equal("Edm.Double", root.GetProperty("Real@odata.type").GetString());
        Assert.Equal("Edm.DateTime", root.GetProperty("At@odata.type").GetString());
        Assert.Equal("2025-01-02T08:04:05.0060000Z", root.GetProperty("At").GetString());
        Assert.Equal("Edm.Guid", root.GetProperty("Id@odata.type").GetString());
        Assert.Equal("Edm.Binary", root.GetProperty("Bytes@odata.type").GetString());
        Assert.Equal("AQI=", root.GetProperty("Bytes").GetString());
        Assert.False(root.TryGetProperty("Small@odata.type", out _));
        Assert.False(root.TryGetProperty("Flag@odata.type", out _));
        Assert.False(root.TryGetProperty("Timestamp", out _));
    }

    [Fact]
    public void ReadingUsesAnnotationsAndTheNumbersOwnForm()
    {
        const string json = """
            {"odata.etag":"W/\"datetime'x'\"","PartitionKey":"p","RowKey":"r","Timestamp":"2025-01-01T00:00:00.1234567Z",
             "Whole":2.0,"Int":2,"Big@odata.type":"Edm.Int64","Big":"9007199254740993","Inf@odata.type":"Edm.Double","Inf":"Infinity"}
            """;
        using var document = JsonDocument.Parse(json);

        var entity = TableEntityJson.Read(document.RootElement);

        Assert.Equal(new ETag("W/\"datetime'x'\""), entity.ETag);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567), entity.Timestamp);
        Assert.IsType<double>(entity["Whole"]);
        Assert.IsType<int>(entity["Int"]);
        Assert.Equal(9007199254740993L, entity.GetInt64("Big"));
        Assert.Equal(double.PositiveInfinity, entity.GetDouble("Inf"));
        Assert.Equal(4, entity.Count);
    }
}
