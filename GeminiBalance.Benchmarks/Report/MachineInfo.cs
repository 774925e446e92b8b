using System.Runtime.InteropServices;

namespace GeminiBalance.Benchmarks.Report;

/// <summary>What the figures were taken on, so runs on different machines are not compared as equals.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Os, string Runtime)
{
    public static MachineInfo Current() => new(ReadCpu(), Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);

    private static string ReadCpu()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var model = File.Exists(cpuInfo)
            ? File.ReadLines(cpuInfo).FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return model ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
