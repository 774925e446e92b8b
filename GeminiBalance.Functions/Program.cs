using GeminiBalance.Hosting;

// GeminiBalance: one executable, two hosts, one app.
//   host        the Functions host starts it with --functions-uri: an isolated worker (Hosting/FunctionsWorker, whose
//               functions are Hosting/EndpointGroupFunctions and Hosting/TimerFunctions); otherwise standalone on
//               Kestrel with in-process timers (Hosting/GeminiBalanceApp.Build).
//   settings    Hosting/ProxyOptionsReader, every name in Hosting/SettingNames.
//   services    GeminiBalanceApp.AddGeminiBalance: AddKeyPool, AddUpstream, AddTranslation, AddFiles, AddUsage, AddStorage, AddConsole; AddLiveSettings before them.
//   middleware  GeminiBalanceApp.UseGeminiBalance: bodiless errors (404, 405, 413) answered in the caller's protocol;
//               under the Functions host Hosting/AppRouting also answers unhandled exceptions (Hosting/UnhandledErrors).
//   endpoints   GeminiBalanceApp.MapGeminiBalance: one Map… per surface (Gemini, OpenAI, Anthropic, files, admin, health).
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
