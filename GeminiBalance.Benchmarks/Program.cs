using GeminiBalance.Benchmarks;
using GeminiBalance.Benchmarks.Children;
using GeminiBalance.Benchmarks.Micro;

// The driver and the servers it starts are the same executable; the first argument says which this process is.
try
{
    return args.FirstOrDefault() switch
    {
        "serve-proxy" => await ProxyServer.RunAsync(),
        "serve-forwarder" => await BareForwarder.RunAsync(new Uri(args[1]), args[2]),
        "soak" => await SoakCommand.RunAsync(args[1..]),
        "micro" => MicroCommand.Run(args[1..]),
        "--help" or "-h" => Help(),
        _ => await BenchCommand.RunAsync(BenchOptions.Parse(args)),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static int Help()
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
