using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Edge.Provisioning.Tests;

/// <summary>
/// The control API contract v1 played by Kestrel on a real Unix socket, with canned answers a test can change. It
/// records every request (method, path, body) so tests can check what edgectl sent.
/// </summary>
public sealed class FakeControlApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeControlApi(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>Answers by "METHOD /path" (path without the query): status code and JSON body.</summary>
    public ConcurrentDictionary<string, (int Status, string Body)> Routes { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Method, string PathAndQuery, string Body)> Requests { get; } = new();

    public static async Task<FakeControlApi> StartAsync(string socketPath)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socketPath));
        var app = builder.Build();
        var api = new FakeControlApi(app, socketPath);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var key = $"{context.Request.Method} {context.Request.Path}";
            api.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, body));
            var (status, answer) = api.Routes.TryGetValue(key, out var route)
                ? route
                : (404, """{"error":"not-found","message":"no such endpoint","fix":"upgrade the gateway"}""");
            context.Response.StatusCode = status;
            if (answer.Length > 0)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(answer);
            }
        });
        await app.StartAsync();
        return api;
    }

    /// <summary>A status document in the shape of the contract.</summary>
    public static string Status(string uplinkState = "connected") => new JsonObject
    {
        ["version"] = "1.2.3",
        ["gatewayId"] = "gw-0042",
        ["site"] = "home-0042",
        ["uptimeSeconds"] = 11_520,
        ["clock"] = "trusted",
        ["uplink"] = new JsonObject { ["state"] = uplinkState, ["lastError"] = null, ["sent"] = 1234, ["reconnects"] = 2 },
        ["backlog"] = new JsonArray(
            new JsonObject { ["class"] = "vitals", ["count"] = 17, ["bytes"] = 4096, ["oldestAgeSeconds"] = 754 },
            new JsonObject { ["class"] = "alarm", ["count"] = 0, ["bytes"] = 0, ["oldestAgeSeconds"] = null }),
        ["analytics"] = new JsonObject { ["mode"] = "full", ["reason"] = null, ["modelVersion"] = "1.0.0" },
        ["pairing"] = new JsonObject { ["active"] = false, ["secondsLeft"] = 0 },
    }.ToJsonString();

    public const string Devices = """
        [ { "deviceId": "dev-hr-0001", "kind": "heart-rate", "transport": "ble", "patientId": "pt-0001", "patientLabel": "Room 3",
            "link": "connected", "lastReadingAgeSeconds": 3, "address": "A4:C1:38:00:00:01" },
          { "deviceId": "dev-ox-0001", "kind": "pulse-oximeter", "transport": "serial", "patientId": "pt-0001", "patientLabel": "Room 3",
            "link": "disconnected", "lastReadingAgeSeconds": 3700 } ]
        """;

    public const string Alerts = """
        [ { "id": "a-1", "patientId": "pt-0001", "code": "news2-medium", "severity": "medium", "raised": "2026-06-01T11:58:00Z" } ]
        """;

    public FakeControlApi WithStatusDevicesAlerts()
    {
        Routes["GET /v1/status"] = (200, Status());
        Routes["GET /v1/devices"] = (200, Devices);
        Routes["GET /v1/alerts"] = (200, Alerts);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
