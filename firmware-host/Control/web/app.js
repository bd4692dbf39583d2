// The nurse page. Plain script, no build step: it talks to the gateway's API v1 (docs/control-api.md) with the
// session cookie, and builds every piece of text with textContent (device names come from the radio: untrusted).
"use strict";

(() => {
  const POLL_MS = 2000;
  const KINDS = {
    "heart-rate": "Heart-rate strap",
    "blood-pressure": "Blood-pressure cuff",
    "pulse-oximeter": "Pulse oximeter",
    "thermometer": "Thermometer",
    "scale": "Scale",
    "glucose": "Glucose meter",
  };
  const LINKS = { connected: "Connected", connecting: "Connecting…", disconnected: "Disconnected" };

  const $ = (id) => document.getElementById(id);
  const state = {
    pairing: false,
    candidates: [],
    needsPasskey: false,
    patients: new Map(),
    tiles: new Map(),
    links: new Map(),
    timer: 0,
    busy: false,
  };

  const kindLabel = (kind) => KINDS[kind] || "Device";
  const announce = (text) => { $("announce").textContent = text; };

  function signal(rssi) {
    if (rssi === null || rssi === undefined) return "signal unknown";
    const word = rssi >= -60 ? "strong" : rssi >= -75 ? "good" : "weak";
    return `signal ${word} (${rssi} dBm)`;
  }

  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch {
      return { status: 0, data: { error: "offline", message: "The gateway does not answer. Check the Wi-Fi." } };
    }
    let data = null;
    const text = await response.text();
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (response.status === 401 && path !== "/v1/session") showLogin("Your session ended. Log in again.");
    return { status: response.status, data };
  }

  // ---- login ----------------------------------------------------------------------------------------------------

  function showLogin(message) {
    clearInterval(state.timer);
    state.timer = 0;
    $("app").hidden = true;
    $("logout").hidden = true;
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("pin").value = "";
    $("pin").focus();
  }

  async function login(event) {
    event.preventDefault();
    const pin = $("pin").value.trim();
    if (!/^[0-9]{4,12}$/.test(pin)) {
      $("login-error").textContent = "Enter the site PIN (digits only).";
      $("pin").focus();
      return;
    }
    $("login-button").disabled = true;
    $("login-error").textContent = "Checking…";
    const { status, data } = await api("POST", "/v1/session", { pin });
    $("login-button").disabled = false;
    if (status === 204) {
      $("pin").value = "";
      $("login-error").textContent = "";
      await showApp();
      $("start-pairing").focus();
      return;
    }
    $("pin").value = "";
    $("login-error").textContent = status === 401 ? "That PIN is not right." : (data && data.message) || "Login failed.";
    $("pin").focus();
  }

  async function logout() {
    await api("DELETE", "/v1/session");
    showLogin("Logged out.");
  }

  // ---- app ------------------------------------------------------------------------------------------------------

  async function showApp() {
    $("login").hidden = true;
    $("app").hidden = false;
    $("logout").hidden = false;
    const { status, data } = await api("GET", "/v1/patients");
    if (status === 200) {
      const select = $("patient");
      while (select.options.length > 1) select.remove(1);
      state.patients.clear();
      for (const p of data) {
        state.patients.set(p.patientId, p.label);
        select.add(new Option(p.label, p.patientId));
      }
    }
    await refresh();
    if (!state.timer) state.timer = setInterval(refresh, POLL_MS);
  }

  async function refresh() {
    const status = await api("GET", "/v1/status");
    if (status.status !== 200) return;
    setPairing(status.data.pairing.active, status.data.pairing.secondsLeft);
    if (state.pairing) await refreshCandidates();
    await refreshDevices();
  }

  function setPairing(active, secondsLeft) {
    const changed = active !== state.pairing;
    state.pairing = active;
    $("start-pairing").hidden = active;
    $("stop-pairing").hidden = !active;
    $("pair-form").hidden = !active;
    $("pairing-state").textContent = active
      ? `Pairing is on: ${secondsLeft} s left. The gateway's light blinks fast.`
      : "Pairing is off.";
    if (changed) announce(active ? "Pairing is on." : "Pairing is off.");
    if (changed && !active) {
      state.candidates = [];
      renderCandidates();
    }
  }

  async function startPairing() {
    $("start-pairing").disabled = true;
    const { status, data } = await api("POST", "/v1/pairing/start", {});
    $("start-pairing").disabled = false;
    if (status === 202) {
      setPairing(true, data.secondsLeft);
      $("confirmation").hidden = true;
      announce("Pairing is on. Looking for devices nearby.");
      await refreshCandidates();
      $("stop-pairing").focus();
    } else {
      $("pairing-state").textContent = (data && data.message) || "Pairing could not start.";
    }
  }

  async function stopPairing() {
    await api("POST", "/v1/pairing/stop");
    setPairing(false, 0);
    announce("Pairing stopped.");
    $("start-pairing").focus();
  }

  // ---- candidates -----------------------------------------------------------------------------------------------

  async function refreshCandidates() {
    const { status, data } = await api("GET", "/v1/pairing/candidates");
    if (status === 200) {
      state.candidates = data;
      renderCandidates();
    } else if (status === 503) {
      $("candidates-empty").textContent = (data && data.message) || "Bluetooth pairing is not available.";
    }
  }

  function renderCandidates() {
    const list = $("candidates");
    const chosen = selectedCandidate();
    const ids = state.candidates.map((c) => c.candidateId).join(",");
    if (list.dataset.ids === ids) {
      // Same devices: update the signal in place, so focus and the choice stay where the nurse left them.
      for (const c of state.candidates) {
        const row = list.querySelector(`[data-candidate-id="${c.candidateId}"] .signal`);
        if (row) row.textContent = signal(c.rssi);
      }
    } else {
      list.dataset.ids = ids;
      list.replaceChildren(...state.candidates.map((c) => {
        const li = document.createElement("li");
        li.dataset.candidateId = c.candidateId;
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = "candidate";
        input.value = c.candidateId;
        input.checked = chosen !== null && chosen.candidateId === c.candidateId;
        input.addEventListener("change", onCandidateChosen);
        const text = document.createElement("span");
        text.textContent = c.name ? `${kindLabel(c.kind)} · ${c.name}` : kindLabel(c.kind);
        const strength = document.createElement("span");
        strength.className = "signal";
        strength.textContent = signal(c.rssi);
        label.append(input, text, strength);
        li.append(label);
        return li;
      }));
    }
    $("candidates-empty").hidden = state.candidates.length > 0;
    $("candidates-empty").textContent = "Looking for devices nearby…";
  }

  function selectedCandidate() {
    const input = document.querySelector('input[name="candidate"]:checked');
    return input ? state.candidates.find((c) => c.candidateId === input.value) || { candidateId: input.value } : null;
  }

  function onCandidateChosen() {
    const c = selectedCandidate();
    state.needsPasskey = Boolean(c && c.needsPasskey);
    $("passkey-group").hidden = !state.needsPasskey;
    $("pair-error").textContent = "";
  }

  // ---- pair, confirm --------------------------------------------------------------------------------------------

  async function pair(event) {
    event.preventDefault();
    if (state.busy) return;
    const error = $("pair-error");
    const candidate = selectedCandidate();
    const patientId = $("patient").value;
    const passkey = $("passkey").value.trim();
    if (!candidate) {
      error.textContent = "Choose the device first.";
      const first = document.querySelector('input[name="candidate"]');
      if (first) first.focus();
      return;
    }
    if (state.needsPasskey && !/^[0-9]{6}$/.test(passkey)) {
      error.textContent = "Enter the six-digit passkey the device shows.";
      $("passkey").focus();
      return;
    }
    if (!patientId) {
      error.textContent = "Choose the patient.";
      $("patient").focus();
      return;
    }

    state.busy = true;
    $("pair-button").disabled = true;
    error.textContent = "";
    show("wait", "Pairing…");
    const body = { candidateId: candidate.candidateId, patientId };
    if (passkey) body.passkey = passkey;
    const { status, data } = await api("POST", "/v1/pairing/pair", body);
    $("pair-button").disabled = false;
    if (status !== 200) {
      state.busy = false;
      $("confirmation").hidden = true;
      if (data && data.error === "passkey-required") {
        state.needsPasskey = true;
        $("passkey-group").hidden = false;
        error.textContent = "The device shows a passkey: enter it and press Pair again.";
        $("passkey").focus();
      } else {
        error.textContent = (data && data.message) || "Pairing failed.";
      }
      return;
    }

    const label = state.patients.get(patientId) || "the patient";
    show("wait", `Paired with ${label}. Waiting for the first reading…`);
    $("passkey").value = "";
    $("passkey-group").hidden = true;
    state.needsPasskey = false;
    await refreshDevices();
    const confirmation = await api("GET", `/v1/pairing/confirmation/${encodeURIComponent(data.deviceId)}?timeoutSeconds=60`);
    state.busy = false;
    if (confirmation.status === 200 && confirmation.data.confirmed) {
      show("ok", `${confirmation.data.display} for ${label}.`);
      $("patient").value = "";
    } else {
      show("bad", "No reading yet. Check the device is switched on and worn; its tile turns green when data arrives.");
    }
    $("confirmation").focus();
    await refreshDevices();
  }

  function show(kind, text) {
    const box = $("confirmation");
    box.className = `confirmation ${kind}`;
    box.textContent = text;
    box.hidden = false;
  }

  // ---- device tiles ---------------------------------------------------------------------------------------------

  async function refreshDevices() {
    const { status, data } = await api("GET", "/v1/devices");
    if (status !== 200) return;
    const list = $("devices");
    const seen = new Set();
    for (const d of data) {
      seen.add(d.deviceId);
      let tile = state.tiles.get(d.deviceId);
      if (!tile) {
        tile = makeTile(d);
        state.tiles.set(d.deviceId, tile);
        list.append(tile);
      }
      updateTile(tile, d);
    }
    for (const [id, tile] of state.tiles) {
      if (!seen.has(id)) {
        tile.remove();
        state.tiles.delete(id);
        state.links.delete(id);
      }
    }
    $("devices-empty").hidden = data.length > 0;
  }

  function makeTile(d) {
    const li = document.createElement("li");
    li.dataset.deviceId = d.deviceId;
    const kind = document.createElement("span");
    kind.className = "kind";
    const patient = document.createElement("span");
    patient.className = "patient";
    const link = document.createElement("span");
    link.className = "link";
    const age = document.createElement("span");
    age.className = "age";
    li.append(kind, patient, link, age);
    if (d.transport === "ble") {
      const unpair = document.createElement("button");
      unpair.type = "button";
      unpair.className = "danger unpair";
      unpair.textContent = "Unpair";
      unpair.addEventListener("click", () => onUnpair(li, unpair));
      li.append(unpair);
    }
    return li;
  }

  function updateTile(tile, d) {
    const patient = d.patientLabel || d.patientId;
    tile.className = `tile link-${d.link}`;
    tile.dataset.link = d.link;
    tile.querySelector(".kind").textContent = kindLabel(d.kind);
    tile.querySelector(".patient").textContent = patient;
    tile.querySelector(".link").textContent = LINKS[d.link] || d.link;
    tile.querySelector(".age").textContent = d.lastReadingAgeSeconds === null
      ? "No reading yet"
      : `Last reading ${d.lastReadingAgeSeconds} s ago`;
    const button = tile.querySelector(".unpair");
    if (button) button.setAttribute("aria-label", button.classList.contains("armed")
      ? `Confirm: unpair the ${kindLabel(d.kind)} of ${patient}`
      : `Unpair the ${kindLabel(d.kind)} of ${patient}`);
    const before = state.links.get(d.deviceId);
    if (before !== undefined && before !== d.link) announce(`${kindLabel(d.kind)} of ${patient}: ${LINKS[d.link] || d.link}`);
    state.links.set(d.deviceId, d.link);
  }

  async function onUnpair(tile, button) {
    if (!button.classList.contains("armed")) {
      // Two steps: a slip of the finger must not unpair a patient's device.
      button.classList.add("armed");
      button.textContent = "Tap again to unpair";
      setTimeout(() => {
        button.classList.remove("armed");
        button.textContent = "Unpair";
      }, 5000);
      return;
    }
    button.disabled = true;
    const id = tile.dataset.deviceId;
    const { status, data } = await api("DELETE", `/v1/devices/${encodeURIComponent(id)}`);
    button.disabled = false;
    if (status === 200) {
      tile.remove();
      state.tiles.delete(id);
      state.links.delete(id);
      $("devices-error").textContent = "";
      announce("Device unpaired.");
      $("devices-title").focus();
    } else {
      $("devices-error").textContent = (data && data.message) || "Unpairing failed.";
    }
  }

  // ---- start ----------------------------------------------------------------------------------------------------

  async function boot() {
    $("login-form").addEventListener("submit", login);
    $("logout").addEventListener("click", logout);
    $("start-pairing").addEventListener("click", startPairing);
    $("stop-pairing").addEventListener("click", stopPairing);
    $("pair-form").addEventListener("submit", pair);
    $("devices-title").tabIndex = -1;
    const { status, data } = await fetch("/v1/patients", { credentials: "same-origin" })
      .then(async (r) => ({ status: r.status, data: r.status === 200 ? null : await r.json().catch(() => null) }))
      .catch(() => ({ status: 0, data: null }));
    if (status === 200) {
      await showApp();
    } else {
      showLogin(status === 503 && data ? `${data.message} (${data.fix})` : "");
    }
  }

  document.addEventListener("DOMContentLoaded", boot);
})();
