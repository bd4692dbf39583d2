using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Edge.Host.Control;

/// <summary>
/// The LAN side's lock: the site PIN (PBKDF2 hash file, re-read at each login), per-address attempt limits, and
/// session cookies. Every LAN request to <c>/v1</c> other than the login passes <see cref="Authorise"/>. One PIN
/// derivation runs at a time, so a flood of logins cannot take the CPU from the pipeline. Thread-safe.
/// </summary>
public sealed class SessionGate : IDisposable
{
    private const string LoginExample = """{"pin":"123456"}""";
    private readonly ControlOptions _options;
    private readonly SessionStore _sessions;
    private readonly LoginRateLimiter _limiter;
    private readonly ILogger<SessionGate> _logger;
    private readonly SemaphoreSlim _derive = new(1, 1);

    /// <summary>Creates the gate.</summary>
    public SessionGate(IOptions<ControlOptions> options, TimeProvider time, ILogger<SessionGate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _sessions = new SessionStore(TimeSpan.FromMinutes(_options.SessionIdleMinutes), time);
        _limiter = new LoginRateLimiter(_options.LoginFailuresAllowed, TimeSpan.FromSeconds(_options.LoginWindowSeconds), time);
        _logger = logger;
    }

    /// <summary>Null when the request may go on; otherwise the 503 (no PIN) or 401 (no session) answer.</summary>
    public IResult? Authorise(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(_options.PinFile))
        {
            return NoPin();
        }

        return _sessions.Touch(context.Request.Cookies[SessionStore.CookieName])
            ? null
            : ApiResults.Error(StatusCodes.Status401Unauthorized, "no-session", "Log in with the site PIN first (or the session expired).", "POST /v1/session with {\"pin\":\"…\"}, then send the edge_session cookie.");
    }

    /// <summary>POST /v1/session {"pin"} → 204 with the session cookie.</summary>
    public async Task<IResult> LoginAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (!_limiter.TryAcquire(address, out var retryAfter))
        {
            var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
            ControlLog.RateLimited(_logger, seconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return ApiResults.Error(
                StatusCodes.Status429TooManyRequests,
                "too-many-attempts",
                string.Create(CultureInfo.InvariantCulture, $"Too many wrong PINs from this device. Try again in {seconds} s."),
                "Wait, then enter the site PIN; ask the field tech if it is lost.");
        }

        var (body, error) = await JsonBody.ReadAsync<SessionRequest>(context.Request, ControlJson.Default.SessionRequest, null, LoginExample);
        if (error is not null)
        {
            return error;
        }

        if (JsonBody.Required(body!.Pin, "pin", LoginExample) is { } missing)
        {
            return missing;
        }

        if (!File.Exists(_options.PinFile))
        {
            return NoPin();
        }

        if (!PinHash.TryParse(await File.ReadAllTextAsync(_options.PinFile, context.RequestAborted), out var hash, out var problem))
        {
            ControlLog.PinFileInvalid(_logger, problem);
            return ApiResults.Unavailable("no-pin", "The site PIN file is damaged.", "run edgectl provision --pin");
        }

        bool right;
        await _derive.WaitAsync(context.RequestAborted);
        try
        {
            right = await Task.Run(() => hash.Verify(body.Pin!), context.RequestAborted);
        }
        finally
        {
            _derive.Release();
        }

        if (!right)
        {
            ControlLog.WrongPin(_logger, _limiter.Failed(address));
            return ApiResults.Error(StatusCodes.Status401Unauthorized, "wrong-pin", "That PIN is not right.", "Enter the site PIN the field tech set; attempts are limited.");
        }

        _limiter.Succeeded(address);
        var token = _sessions.Create();
        context.Response.Cookies.Append(SessionStore.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            // No Secure flag: the page is plain HTTP on the home LAN (a tablet trusts no certificate of ours).
            Secure = false,
            MaxAge = _sessions.Idle,
        });
        ControlLog.SessionStarted(_logger);
        return Results.NoContent();
    }

    /// <summary>DELETE /v1/session: log out.</summary>
    public IResult Logout(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _sessions.End(context.Request.Cookies[SessionStore.CookieName]);
        context.Response.Cookies.Delete(SessionStore.CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict });
        return Results.NoContent();
    }

    /// <inheritdoc/>
    public void Dispose() => _derive.Dispose();

    private static IResult NoPin() =>
        ApiResults.Unavailable("no-pin", "No site PIN is set on this gateway, so the nurse page is locked.", "run edgectl provision --pin");
}
