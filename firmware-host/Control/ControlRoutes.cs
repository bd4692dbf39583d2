using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Edge.Host.Control;

/// <summary>The route table of the control API v1 and the nurse page (docs/control-api.md).</summary>
internal static class ControlRoutes
{
    public static void Map(
        WebApplication app,
        StatusQueries status,
        DeviceDirectory devices,
        PairingEndpoints pairing,
        SessionGate gate,
        Func<HttpContext, bool> isSocket,
        ILogger logger)
    {
        RequestDelegate Handle(Func<HttpContext, Task<IResult>> handler) => async context =>
        {
            IResult result;
            try
            {
                result = await handler(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the caller went away
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Only the type: a message could carry an id the handler was working on.
                ControlLog.RequestFailed(logger, ex.GetType().Name);
                result = ApiResults.Error(StatusCodes.Status500InternalServerError, "internal", "The gateway failed to answer this request.", "Retry; if it persists, collect edgectl diag bundle for support.");
            }

            await result.ExecuteAsync(context);
        };

        RequestDelegate Sync(Func<HttpContext, IResult> handler) => Handle(context => Task.FromResult(handler(context)));
        static string Route(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

        // The page.
        app.MapGet("/", Sync(c => StaticPage.Serve(c, null)));
        foreach (var file in new[] { "index.html", "app.css", "app.js" })
        {
            app.MapGet("/" + file, Sync(c => StaticPage.Serve(c, file)));
        }

        // Session (LAN only: on the socket there is nothing to log in to).
        app.MapPost("/v1/session", Handle(c => isSocket(c) ? Task.FromResult(NoSessionOnSocket()) : gate.LoginAsync(c)));
        app.MapDelete("/v1/session", Sync(c => isSocket(c) ? NoSessionOnSocket() : gate.Logout(c)));

        // Status and the read-only views.
        app.MapGet("/v1/status", Sync(_ => ApiResults.Json(status.Status(), ControlJson.Default.StatusResponse)));
        app.MapGet("/v1/devices", Sync(c => ApiResults.Json(devices.List(withAddress: isSocket(c)), ControlJson.Default.IReadOnlyListDeviceInfo)));
        app.MapGet("/v1/patients", Sync(_ => ApiResults.Json(devices.Roster(), ControlJson.Default.IReadOnlyListPatientInfo)));
        app.MapGet("/v1/alerts", Sync(c =>
        {
            var raw = c.Request.Query["limit"].ToString();
            var limit = 50;
            return raw.Length > 0 && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000)
                ? ApiResults.BadRequest("Query 'limit' must be a whole number from 1 to 1000.", "Use e.g. ?limit=50.")
                : ApiResults.Json(status.Alerts(limit), ControlJson.Default.IReadOnlyListAlertInfo);
        }));
        app.MapGet("/v1/diagnostics", Sync(_ => ApiResults.Json(status.Diagnostics(), ControlJson.Default.DiagnosticsResponse)));

        // Pairing.
        app.MapPost("/v1/pairing/start", Handle(c => pairing.StartAsync(c.Request)));
        app.MapPost("/v1/pairing/stop", Sync(_ => pairing.Stop()));
        app.MapGet("/v1/pairing/candidates", Sync(_ => pairing.Candidates()));
        app.MapPost("/v1/pairing/pair", Handle(c => pairing.PairAsync(c.Request)));
        app.MapGet("/v1/pairing/confirmation/{deviceId}", Handle(c => pairing.ConfirmationAsync(c, Route(c, "deviceId"))));
        app.MapDelete("/v1/devices/{deviceId}", Handle(c => pairing.UnpairAsync(c, Route(c, "deviceId"))));
        app.MapPost("/v1/patients/{patientId}/bind", Handle(c => pairing.BindAsync(c.Request, Route(c, "patientId"))));

        app.MapFallback(Sync(_ => ApiResults.NotFound("No such endpoint.", "See docs/control-api.md for the endpoints of API v1.")));
    }

    private static IResult NoSessionOnSocket() =>
        ApiResults.NotFound("The Unix socket needs no session: its file permissions are the authentication.", "Call the endpoint directly.");
}
