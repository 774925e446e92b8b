using System.Net;
using GeminiBalance.Tests.TestKit;
using GeminiBalance.WebConsole;
using Microsoft.AspNetCore.Http;

namespace GeminiBalance.Tests.WebConsole;

/// <summary>The console's session cookie and login slow-down, with a hand-moved clock.</summary>
public sealed class SessionCookieTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cookie_IsAcceptedByAnyInstanceWithTheSameToken_UntilItExpires()
    {
        var time = new ManualTimeProvider(Start);
        var options = TestOptions.Read(("AUTH_TOKEN", "the-admin-token"), ("ADMIN_SESSION_EXPIRE", "600"));
        var (value, session) = new SessionCookie(options, time).Issue()!.Value;
        var otherInstance = new SessionCookie(options, time);

        Assert.DoesNotContain("the-admin-token", value, StringComparison.Ordinal);
        Assert.Equal(session, otherInstance.Read(RequestWith(value)));
        Assert.True(otherInstance.HasValidCsrfToken(RequestWith(value, new SessionCookie(options, time).CsrfTokenOf(session)), session));

        time.Advance(TimeSpan.FromSeconds(599));
        Assert.NotNull(otherInstance.Read(RequestWith(value)));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(otherInstance.Read(RequestWith(value)));
    }

    [Fact]
    public void Cookie_ForgedOrFromAnotherToken_IsRefused()
    {
        var time = new ManualTimeProvider(Start);
        var options = TestOptions.Read(("AUTH_TOKEN", "the-admin-token"));
        var cookies = new SessionCookie(options, time);
        var (value, session) = cookies.Issue()!.Value;
        var parts = value.Split('.');

        // A later expiry with the old signature, a changed id, and a cookie signed under another AUTH_TOKEN.
        Assert.Null(cookies.Read(RequestWith($"{parts[0]}.{long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[2]}")));
        Assert.Null(cookies.Read(RequestWith($"x{parts[0][1..]}.{parts[1]}.{parts[2]}")));
        Assert.Null(new SessionCookie(TestOptions.Read(("AUTH_TOKEN", "another-token")), time).Read(RequestWith(value)));
        Assert.False(cookies.HasValidCsrfToken(RequestWith(value, "guess"), session));
        Assert.Null(new SessionCookie(TestOptions.Read(), time).Issue());
    }

    [Fact]
    public void Throttle_AfterThreeWrongTokens_DoublesTheWait_AndASuccessClearsIt()
    {
        var time = new ManualTimeProvider(Start);
        var throttle = new LoginThrottle(time);
        var address = IPAddress.Parse("192.0.2.1");

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(throttle.WaitFor(address));
            throttle.Failed(address);
        }

        Assert.Null(throttle.WaitFor(address));
        throttle.Failed(address);
        Assert.Equal(TimeSpan.FromSeconds(2), throttle.WaitFor(address));
        Assert.Null(throttle.WaitFor(IPAddress.Parse("192.0.2.2")));
        time.Advance(TimeSpan.FromSeconds(2));
        throttle.Failed(address);
        Assert.Equal(TimeSpan.FromSeconds(4), throttle.WaitFor(address));

        throttle.Succeeded(address);
        Assert.Null(throttle.WaitFor(address));
    }

    private static HttpRequest RequestWith(string cookie, string? csrf = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = $"{SessionCookie.Name}={cookie}";
        if (csrf is not null)
        {
            context.Request.Headers[SessionCookie.CsrfHeader] = csrf;
        }

        return context.Request;
    }
}
