using System.Text.Json.Nodes;

namespace GeminiBalance.Tests.TestKit;

/// <summary>
/// An agent CLI installed from npm (node_modules/.bin) run once, non-interactively, through Sdk/agent-cli.mjs: with a fresh
/// HOME and working directory in <see cref="Root"/>, the environment and files a test gives, and a time limit after which
/// it is killed, so a hang fails the test with what the CLI printed.
/// </summary>
public sealed class AgentCli : IDisposable
{
    private AgentCli(string root) => Root = root;

    /// <summary>Holds <c>home</c> (the CLI's HOME) and <c>work</c> (its working directory); removed on dispose.</summary>
    public string Root { get; }

    public string Home => Path.Combine(Root, "home");

    public string WorkDirectory => Path.Combine(Root, "work");

    public static AgentCli Create() => new(Directory.CreateTempSubdirectory("gb-agent-").FullName);

    /// <param name="homeFiles">Files to write under HOME (path relative to it → text); <c>{HOME}</c> and <c>{CWD}</c> are replaced.</param>
    /// <param name="workFiles">Files to write in the working directory, likewise.</param>
    public async Task<AgentRun> RunAsync(
        string bin, IEnumerable<string> args, IDictionary<string, string> env, IDictionary<string, string>? homeFiles = null,
        IDictionary<string, string>? workFiles = null, TimeSpan? timeout = null)
    {
        var spec = new JsonObject
        {
            ["root"] = Root,
            ["bin"] = bin,
            ["args"] = new JsonArray([.. args.Select(a => JsonValue.Create(a))]),
            ["env"] = ToJson(env),
            ["home"] = ToJson(homeFiles),
            ["cwd"] = ToJson(workFiles),
            ["timeoutMs"] = (int)(timeout ?? TimeSpan.FromSeconds(60)).TotalMilliseconds,
        };
        var output = JsonNode.Parse(await NodeScript.RunAsync("agent-cli.mjs", spec.ToJsonString()))!;
        return new AgentRun((int?)output["status"], (string?)output["signal"], (string?)output["error"], (string)output["stdout"]!, (string)output["stderr"]!);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A CLI's straggling child may still hold a file; the temp folder is the OS's to clean then.
        }
    }

    private static JsonObject ToJson(IDictionary<string, string>? values) =>
        new([.. (values ?? new Dictionary<string, string>()).Select(pair => KeyValuePair.Create(pair.Key, (JsonNode?)JsonValue.Create(pair.Value)))]);
}

/// <summary>How an <see cref="AgentCli"/> run ended, and what it printed.</summary>
public sealed record AgentRun(int? Status, string? Signal, string? Error, string Stdout, string Stderr)
{
    /// <summary>Fails with everything the CLI printed unless it exited with 0.</summary>
    public void AssertSucceeded() =>
        Assert.True(Status == 0, $"exit {Status?.ToString() ?? "none"} signal {Signal ?? "none"} {Error}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}");

    public override string ToString() => $"exit {Status} signal {Signal}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
