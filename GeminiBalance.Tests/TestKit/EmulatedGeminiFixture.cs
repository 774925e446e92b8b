namespace GeminiBalance.Tests.TestKit;

/// <summary>A fresh emulated Gemini per test, with one good key and a client pointed straight at it.</summary>
public abstract class EmulatedGeminiFixture : IAsyncLifetime
{
    protected const string GoodKey = "good-key";

    protected EmulatedGemini Gemini { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gemini = await EmulatedGemini.StartAsync();
        Gemini.SetKey(GoodKey, new KeyBehavior.Good());
        Http = new HttpClient { BaseAddress = Gemini.BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gemini.DisposeAsync();
    }
}
