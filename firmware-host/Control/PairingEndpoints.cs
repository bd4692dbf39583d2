using System.Collections.Concurrent;
using System.Globalization;
using Edge.Core;
using Edge.Drivers.Ble.Pairing;
using Microsoft.AspNetCore.Http;

namespace Edge.Host.Control;

/// <summary>
/// Pairing, binding and unpairing, over the <see cref="BlePairingEngine"/>: start/stop the window, list candidates
/// (sanitised names, never addresses), pair and bind to a roster patient, wait for the first stored reading, unpair.
/// Thread-safe.
/// </summary>
public sealed class PairingEndpoints
{
    private const string PairExample = """{"candidateId":"cand-…","patientId":"pt-…","passkey":"123456"}""";
    private static readonly TimeSpan StoredReadingPatience = TimeSpan.FromSeconds(10);

    private readonly PairingWindow _window;
    private readonly DeviceDirectory _devices;
    private readonly BlePairingEngine? _ble;
    private readonly PairingAudit? _audit;
    private readonly BindingStore? _bindings;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, bool> _needsPasskey = new(StringComparer.Ordinal);

    /// <summary>Creates the endpoints; the BLE parts are null when BLE is off.</summary>
    public PairingEndpoints(PairingWindow window, DeviceDirectory devices, TimeProvider time, BlePairingEngine? ble = null, PairingAudit? audit = null, BindingStore? bindings = null)
    {
        (_window, _devices, _time, _ble, _audit, _bindings) = (window, devices, time, ble, audit, bindings);
    }

    /// <summary>POST /v1/pairing/start {"seconds": 60} → 202 {"active", "secondsLeft"}.</summary>
    public async Task<IResult> StartAsync(HttpRequest request)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ControlJson.Default.PairingStartRequest, new PairingStartRequest(null), """{"seconds":60}""");
        if (error is not null)
        {
            return error;
        }

        var max = (int)_window.MaxWindow.TotalSeconds;
        var seconds = body!.Seconds ?? max;
        if (seconds is < 10 || seconds > max)
        {
            return ApiResults.BadRequest(
                string.Create(CultureInfo.InvariantCulture, $"Field 'seconds' must be from 10 to {max} (the board's pairing window, Edge:Board:PairingWindowSeconds)."),
                """Send e.g. {"seconds":60}, or no body for the full window.""");
        }

        var left = _window.Open(TimeSpan.FromSeconds(seconds));
        return ApiResults.Json(new PairingInfo(true, left), ControlJson.Default.PairingInfo, StatusCodes.Status202Accepted);
    }

    /// <summary>POST /v1/pairing/stop → 200.</summary>
    public IResult Stop()
    {
        _window.Close();
        return ApiResults.Json(new PairingInfo(false, 0), ControlJson.Default.PairingInfo);
    }

    /// <summary>GET /v1/pairing/candidates: health devices in range that are not paired yet; empty while the window is closed.</summary>
    public IResult Candidates()
    {
        if (_ble is null)
        {
            return BleOff();
        }

        IReadOnlyList<CandidateInfo> list = !_window.Active ? [] :
            [.. _ble.Candidates()
                .Where(c => !c.Paired)
                .OrderByDescending(c => c.Rssi ?? short.MinValue)
                .Select(c => new CandidateInfo(c.CandidateId, c.Kind, CandidateNames.Sanitise(c.Name), c.Rssi, _needsPasskey.ContainsKey(c.CandidateId)))];
        return ApiResults.Json(list, ControlJson.Default.IReadOnlyListCandidateInfo);
    }

    /// <summary>POST /v1/pairing/pair: pair (answering a passkey request with the given passkey), trust, bind.</summary>
    public async Task<IResult> PairAsync(HttpRequest request)
    {
        var (body, error) = await JsonBody.ReadAsync<PairRequest>(request, ControlJson.Default.PairRequest, null, PairExample);
        if (error is not null)
        {
            return error;
        }

        if ((JsonBody.Required(body!.CandidateId, "candidateId", PairExample) ?? JsonBody.Required(body.PatientId, "patientId", PairExample)) is { } missing)
        {
            return missing;
        }

        uint? passkey = null;
        if (!string.IsNullOrEmpty(body.Passkey))
        {
            if (body.Passkey.Length != 6 || !uint.TryParse(body.Passkey, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return ApiResults.BadRequest("Field 'passkey' must be the six digits the device shows.", """Send it as a string, e.g. "passkey":"012345", or leave it out.""");
            }

            passkey = parsed;
        }

        if (_ble is null)
        {
            return BleOff();
        }

        if (!_devices.IsPatient(body.PatientId!))
        {
            return ApiResults.NotFound("No patient on the roster has that id.", "Pick a patient from GET /v1/patients.");
        }

        if (!_window.Active)
        {
            return ApiResults.Conflict("pairing-not-active", "The pairing window is closed.", "Start pairing (POST /v1/pairing/start or the pairing button), then pick the device again.");
        }

        var candidate = _ble.Candidates().FirstOrDefault(c => c.CandidateId == body.CandidateId);
        if (candidate is null)
        {
            return ApiResults.NotFound("No device in range has that candidate id.", "Reload the candidate list; ids change when the gateway restarts.");
        }

        if (candidate.Paired)
        {
            return ApiResults.Conflict("already-paired", "That device is already paired with this gateway.", "Unpair it first (DELETE /v1/devices/{deviceId}), then pair again.");
        }

        var outcome = await _ble.PairAsync(candidate.CandidateId, passkey, request.HttpContext.RequestAborted);
        if (!outcome.Paired)
        {
            if (passkey is null && outcome.Error == "org.bluez.Error.AuthenticationRejected")
            {
                _needsPasskey[candidate.CandidateId] = true;
                return ApiResults.Conflict("passkey-required", "The device asks for a passkey.", "Enter the six digits the device shows and pair again.");
            }

            return ApiResults.Conflict(
                "pairing-failed",
                passkey is null ? "The device refused to pair." : "The device refused to pair: the passkey may be wrong.",
                "Put the device in pairing mode, check the passkey it shows, and try again.");
        }

        var binding = _ble.Bind(candidate.CandidateId, body.PatientId!);
        _needsPasskey.TryRemove(candidate.CandidateId, out _);
        return ApiResults.Json(new PairResponse(binding.DeviceId), ControlJson.Default.PairResponse);
    }

    /// <summary>GET /v1/pairing/confirmation/{deviceId}?timeoutSeconds=60: waits for the first stored reading.</summary>
    public async Task<IResult> ConfirmationAsync(HttpContext context, string deviceId)
    {
        var raw = context.Request.Query["timeoutSeconds"].ToString();
        var timeout = 60;
        if (raw.Length > 0 && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) || timeout is < 0 or > 120))
        {
            return ApiResults.BadRequest("Query 'timeoutSeconds' must be a whole number from 0 to 120.", "Use e.g. ?timeoutSeconds=60.");
        }

        if (_ble is null)
        {
            return BleOff();
        }

        if (_devices.Binding(deviceId) is not { } binding)
        {
            return ApiResults.NotFound("No paired device has that id.", "Use the deviceId that POST /v1/pairing/pair returned.");
        }

        try
        {
            await _ble.WaitForConfirmationAsync(deviceId, TimeSpan.FromSeconds(timeout), context.RequestAborted);
        }
        catch (TimeoutException)
        {
            return Unconfirmed();
        }
        catch (KeyNotFoundException)
        {
            return ApiResults.NotFound("No paired device has that id.", "It was unpaired meanwhile; pair it again.");
        }

        // The engine saw a valid reading; say so once ingest has stored it (the tile and the cloud will see it then).
        var patience = _time.GetUtcNow() + StoredReadingPatience;
        while (true)
        {
            if (_devices.ReadingSinceBound(binding) is { } reading)
            {
                return Confirmed(reading);
            }

            if (_time.GetUtcNow() >= patience)
            {
                return Unconfirmed();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, context.RequestAborted);
        }
    }

    /// <summary>DELETE /v1/devices/{deviceId}: unpair and unbind a paired device.</summary>
    public async Task<IResult> UnpairAsync(HttpContext context, string deviceId)
    {
        if (_devices.Binding(deviceId) is null)
        {
            return _devices.IsConfigured(deviceId)
                ? ApiResults.Conflict("configured-device", "That device is bound in the configuration file, not by pairing.", "Remove it from Edge:Patients with edgectl provision, then restart the gateway.")
                : ApiResults.NotFound("No device has that id.", "List devices with GET /v1/devices.");
        }

        try
        {
            // Keep the RACP cursor: records already synced must never be fetched again for another patient.
            await _ble!.UnpairAsync(deviceId, forget: false, context.RequestAborted);
        }
        catch (KeyNotFoundException)
        {
            return ApiResults.NotFound("No device has that id.", "It was unpaired meanwhile.");
        }

        return Results.Ok();
    }

    /// <summary>POST /v1/patients/{patientId}/bind {"deviceId"}: moves a paired device to another roster patient.</summary>
    public async Task<IResult> BindAsync(HttpRequest request, string patientId)
    {
        const string example = """{"deviceId":"ble-…"}""";
        var (body, error) = await JsonBody.ReadAsync<BindRequest>(request, ControlJson.Default.BindRequest, null, example);
        if (error is not null)
        {
            return error;
        }

        if (JsonBody.Required(body!.DeviceId, "deviceId", example) is { } missing)
        {
            return missing;
        }

        if (!_devices.IsPatient(patientId))
        {
            return ApiResults.NotFound("No patient on the roster has that id.", "Pick a patient from GET /v1/patients.");
        }

        if (_devices.Binding(body.DeviceId!) is not { } binding || _bindings is null || _audit is null)
        {
            return _devices.IsConfigured(body.DeviceId!)
                ? ApiResults.Conflict("configured-device", "That device is bound in the configuration file.", "Change Edge:Patients with edgectl provision instead.")
                : ApiResults.NotFound("No paired device has that id.", "Pair it first (POST /v1/pairing/pair).");
        }

        if (binding.PatientId != patientId)
        {
            _bindings.Upsert(binding with { PatientId = patientId });
            _audit.Append(_time.GetUtcNow(), "bind", "rebound", binding.DeviceId, patientId);
        }

        return Results.Ok();
    }

    private static IResult Confirmed(Observation reading)
    {
        var info = VitalCatalog.Get(reading.Kind);
        var display = reading.Kind switch
        {
            VitalKind.HeartRate or VitalKind.PulseRate => string.Create(CultureInfo.InvariantCulture, $"{reading.Value:0} bpm received"),
            VitalKind.SpO2 => string.Create(CultureInfo.InvariantCulture, $"SpO2 {reading.Value:0} % received"),
            VitalKind.BodyTemperature => string.Create(CultureInfo.InvariantCulture, $"{reading.Value:0.0} °C received"),
            VitalKind.SystolicBloodPressure or VitalKind.DiastolicBloodPressure or VitalKind.MeanArterialPressure =>
                string.Create(CultureInfo.InvariantCulture, $"{info.Display} {reading.Value:0} mmHg received"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{info.Display} {reading.Value:0.##} {info.Ucum} received"),
        };
        var vital = info.Key.Replace('_', '-');
        return ApiResults.Json(new ConfirmationResponse(true, vital, Math.Round(reading.Value, 2), info.Ucum, display), ControlJson.Default.ConfirmationResponse);
    }

    private static IResult Unconfirmed() =>
        ApiResults.Json(new ConfirmationResponse(false, null, null, null, null), ControlJson.Default.ConfirmationResponse);

    private static IResult BleOff() =>
        ApiResults.Unavailable("ble-off", "Bluetooth pairing is not enabled on this gateway.", "Enable Edge:Ble (edgectl provision) and restart the gateway.");
}
