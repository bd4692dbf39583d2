using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Edge.Provisioning.Cli;

namespace Edge.Provisioning.Control;

/// <summary>
/// HTTP over the gateway's Unix domain socket (the control API contract v1, docs/control-api.md). Socket file
/// permissions are the authentication, so there is no PIN here. Failures become <see cref="CliException"/>s:
/// exit 3 when the socket cannot be reached, exit 5 when the gateway answers with an error body.
/// </summary>
internal sealed class ControlClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;

    public ControlClient(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://edge.sock/"), Timeout = RequestTimeout };
    }

    public string SocketPath { get; }

    /// <summary>GET and parse a JSON body.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/')), ct);
        return await ReadBodyAsync(response, ct);
    }

    /// <summary>POST a JSON body (or none) and parse the answer (an empty answer is <see cref="JsonValueKind.Undefined"/>).</summary>
    public async Task<JsonElement> PostAsync(string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: CommandContext.JsonOptions);
        }

        using var response = await SendAsync(request, ct);
        return await ReadBodyAsync(response, ct);
    }

    public async Task<JsonElement> DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path.TrimStart('/')), ct);
        return await ReadBodyAsync(response, ct);
    }

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new CliException(
                ExitCodes.GatewayError,
                $"the gateway answered {(int)response.StatusCode} with a body that is not JSON",
                "check that the socket belongs to an Edge gateway of the same version (edgectl version, Edge.Host --version)",
                "bad-response");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliException(
                ExitCodes.GatewayUnreachable,
                $"the gateway did not answer on {SocketPath} within {RequestTimeout.TotalSeconds:0} s",
                "the gateway may be overloaded or hung: check 'systemctl status edge-gateway' and its logs",
                "timeout");
        }
        finally
        {
            request.Dispose();
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await ReadBodyAsync(response, ct);
            string Field(string name) =>
                body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
            var code = Field("error");
            var message = Field("message");
            var fix = Field("fix");
            throw new CliException(
                ExitCodes.GatewayError,
                $"the gateway answered {(int)response.StatusCode} {response.StatusCode}" + (code.Length > 0 ? $" ({code})" : string.Empty) + (message.Length > 0 ? ": " + message : string.Empty),
                fix.Length > 0 ? fix : "see the gateway logs (edgectl diag bundle)",
                code.Length > 0 ? code : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private CliException Unreachable(HttpRequestException ex)
    {
        var socketError = (ex.InnerException as SocketException)?.SocketErrorCode;
        var (why, fix) = socketError switch
        {
            _ when !File.Exists(SocketPath) =>
                ("the socket file does not exist", "start the gateway (systemctl start edge-gateway), or pass --socket PATH (Edge:Control:SocketPath in the config)"),
            SocketError.AccessDenied =>
                ("permission denied", "run edgectl as the gateway's user or a member of its group (sudo -u edge edgectl ..., or add yourself to the 'edge' group)"),
            SocketError.ConnectionRefused =>
                ("connection refused: nothing listens (a stale socket file?)", "start or restart the gateway (systemctl restart edge-gateway)"),
            _ => (ex.InnerException?.Message ?? ex.Message, "check that the gateway runs (systemctl status edge-gateway) and that --socket names its socket"),
        };
        return new CliException(ExitCodes.GatewayUnreachable, $"cannot reach the gateway at {SocketPath}: {why}", fix, "unreachable");
    }
}
