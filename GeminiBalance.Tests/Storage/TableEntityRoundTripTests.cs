using GeminiBalance.Storage;
using GeminiBalance.Tests.Integration;
using GeminiBalance.Tests.TestKit;

namespace GeminiBalance.Tests.Storage;

[Collection(ProxyCollection.Name)]
public sealed class TableEntityRoundTripTests(AzuriteFixture storage)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task EveryPropertyTypeReadsBackAsWritten()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.FromHours(2));
        byte[] bytes = [0, 1, 2, 254, 255];
        await table.AddEntityAsync(new TableEntity("p", "r")
        {
            ["Text"] = "héllo \"quoted\" <tag> & ☃",
            ["Empty"] = string.Empty,
            ["Flag"] = true,
            ["Off"] = false,
            ["Small"] = int.MinValue,
            ["Large"] = (long)int.MaxValue + 1,
            ["Huge"] = long.MaxValue,
            ["Real"] = 3.25,
            ["Whole"] = 2.0,
            ["Tiny"] = 1e-300,
            ["NotANumber"] = double.NaN,
            ["Infinite"] = double.NegativeInfinity,
            ["At"] = at,
            ["Id"] = id,
            ["Bytes"] = bytes,
            ["Nothing"] = null,
        }, None);

        var read = await table.GetEntityIfExistsAsync("p", "r", None);

        Assert.NotNull(read);
        Assert.Equal("héllo \"quoted\" <tag> & ☃", read.GetString("Text"));
        Assert.Equal(string.Empty, read.GetString("Empty"));
        Assert.True(read.GetBoolean("Flag"));
        Assert.False(read.GetBoolean("Off"));
        Assert.Equal(int.MinValue, read.GetInt32("Small"));
        Assert.Equal((long)int.MaxValue + 1, read.GetInt64("Large"));
        Assert.IsType<long>(read["Large"]);
        Assert.Equal(long.MaxValue, read.GetInt64("Huge"));
        Assert.Equal(3.25, read.GetDouble("Real"));
        Assert.Equal(2.0, read.GetDouble("Whole"));
        Assert.IsType<double>(read["Whole"]);
        Assert.Equal(1e-300, read.GetDouble("Tiny"));
        Assert.True(double.IsNaN(read.GetDouble("NotANumber")!.Value));
        Assert.Equal(double.NegativeInfinity, read.GetDouble("Infinite"));
        Assert.Equal(at, read.GetDateTimeOffset("At"));
        Assert.Equal(TimeSpan.Zero, read.GetDateTimeOffset("At")!.Value.Offset);
        Assert.Equal(891, read.GetDateTimeOffset("At")!.Value.Millisecond);
        Assert.Equal(id, read.GetGuid("Id"));
        Assert.Equal(bytes, read.GetBinary("Bytes"));
        Assert.False(read.ContainsKey("Nothing"));
        Assert.Null(read.GetString("Missing"));
        Assert.Null(read.GetInt64("Missing"));
    }

    [Fact]
    public async Task TypesSurviveAQueryAsWellAsAPointRead()
    {
        var table = await AzuriteTables.CreateAsync(storage);
        var at = new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Large"] = 1L << 40, ["At"] = at, ["Bytes"] = new byte[] { 9 }, ["Whole"] = 7.0 }, None);

        TableEntity? found = null;
        await foreach (var entity in table.QueryAsync())
        {
            found = entity;
        }

        Assert.NotNull(found);
        Assert.Equal(1L << 40, found.GetInt64("Large"));
        Assert.Equal(at, found.GetDateTimeOffset("At"));
        Assert.Equal([9], found.GetBinary("Bytes"));
        Assert.IsType<double>(found["Whole"]);
    }
}
