namespace GeminiBalance.Hosting;

/// <summary>
/// The options in force now. Services that live as long as the app read <see cref="Current"/> at each use instead of
/// keeping the options they were built with, so a setting changed from the console reaches them without a restart.
/// A <see cref="ProxyOptions"/> is its own fixed view (what tests build by hand); the app's is <c>Settings.LiveOptions</c>.
/// </summary>
internal interface ICurrentOptions
{
    ProxyOptions Current { get; }
}
