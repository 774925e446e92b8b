using GeminiBalance.Hosting;

try
{
    using var host = FunctionsWorker.StartedByFunctionsHost(args) ? FunctionsWorker.Build(args) : GeminiBalanceApp.Build(args);
    await host.RunAsync();
    return 0;
}
catch (SettingException exception)
{
    // One line naming the setting; the message never carries the value, which may be a secret.
    Console.Error.WriteLine($"GeminiBalance cannot start: {exception.Message}");
    return 1;
}
