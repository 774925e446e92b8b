using GeminiBalance.Usage;

namespace GeminiBalance.Tests.Usage;

public sealed class LogQueueTests
{
    [Fact]
    public void AFullQueueDropsItsOldestRowsAndCountsThem()
    {
        var queue = new LogQueue<int>();
        for (var i = 0; i < LogQueue<int>.Capacity + 5; i++)
        {
            queue.Add(i);
        }

        Assert.Equal(5, queue.TakeDroppedCount());
        Assert.Equal(0, queue.TakeDroppedCount());
        var rows = queue.Take(int.MaxValue);
        Assert.Equal(Enumerable.Range(5, LogQueue<int>.Capacity), rows.Select(row => row.Row));
    }

    [Fact]
    public void ARequeuedRowKeepsItsNumber()
    {
        var queue = new LogQueue<string>();
        queue.Add("a");
        queue.Add("b");
        var taken = queue.Take(1);
        queue.Requeue(taken[0]);

        Assert.Equal([("b", 2L), ("a", 1L)], queue.Take(10).Select(row => (row.Row, row.Sequence)));
    }
}
