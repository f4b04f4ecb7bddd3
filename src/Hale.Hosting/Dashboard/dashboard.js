// Hale's dashboard: reads /-/status once (and again after changes, for pids and counters), follows /-/events, and
// updates one row per service, check, action, HAProxy server and failover group. No framework, no build step.
// Everything from the server is put in the page as text (textContent), never as HTML.
"use strict";

const HISTORY = 24;            // transitions kept per row for its sparkline
const rows = new Map();         // "kind:name" -> { tr, cells, history: [{at, to}], eventAt }
const eventLog = [];            // { id, kind, name, to, received, rendered } (performance.now()), read by tests
window.haleEvents = eventLog;
let refreshTimer = null;
let lastStatusNow = null;
let source = null;
let lastEventId = 0;
let redacted = null;

const tables = {
  service: "services", check: "checks", action: "actions", server: "servers", group: "groups",
};

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function stateClass(state) {
  return String(state || "unknown").toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

function age(at) {
  if (!at) return "";
  const s = Math.max(0, (Date.now() - Date.parse(at)) / 1000);
  if (s < 1) return `${Math.round(s * 1000)} ms ago`;
  if (s < 120) return `${Math.round(s)} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

function sinceCell(td, at) {
  td.dataset.at = at || "";
  td.title = at || "";
  td.textContent = at ? `${at.replace(/\.\d+/, "")} (${age(at)})` : "";
}

function sparkline(history) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", String(HISTORY * 5));
  svg.setAttribute("height", "14");
  svg.setAttribute("viewBox", `0 0 ${HISTORY * 5} 14`);
  svg.setAttribute("role", "img");
  const title = document.createElementNS(ns, "title");
  title.textContent = history.map(h => `${h.at} ${h.to}`).join("\n");
  svg.appendChild(title);
  history.slice(-HISTORY).forEach((h, i) => {
    const r = document.createElementNS(ns, "rect");
    const cls = stateClass(h.to);
    const good = ["ok", "ready", "running", "active", "promoted", "up"].includes(cls);
    const bad = ["fail", "fatal", "error", "backoff", "exited", "down", "maint", "standby", "promote-failed", "demote-failed"].includes(cls);
    r.setAttribute("x", String(i * 5));
    r.setAttribute("y", good ? "2" : bad ? "7" : "4");
    r.setAttribute("width", "4");
    r.setAttribute("height", good ? "10" : bad ? "5" : "8");
    r.setAttribute("class", good || bad ? `${cls}-bar` : "other-bar");
    svg.appendChild(r);
  });
  return svg;
}

function columnsOf(kind) {
  switch (kind) {
    case "service": return ["name", "state", "since", "pid", "restarts", "detail", "spark", "control"];
    case "check": return ["name", "state", "since", "detail", "spark", "control"];
    default: return ["name", "state", "since", "detail", "spark"];
  }
}

function row(kind, name) {
  const key = `${kind}:${name}`;
  let r = rows.get(key);
  if (r) return r;
  const tr = el("tr");
  tr.dataset.kind = kind;
  tr.dataset.name = name;
  const cells = {};
  for (const c of columnsOf(kind)) {
    const td = el("td", c);
    cells[c] = td;
    tr.appendChild(td);
  }
  cells.name.textContent = name;
  r = { tr, cells, history: [], eventAt: null, state: null };
  rows.set(key, r);
  const body = document.querySelector(`#${tables[kind]} tbody`);
  const after = [...body.children].find(x => x.dataset.name > name);
  body.insertBefore(tr, after || null);
  document.getElementById(`${tables[kind]}-section`).classList.remove("empty");
  if (kind === "service") addServiceButtons(r, name);
  return r;
}

function setState(r, state, since) {
  r.state = state;
  const s = el("span", `state ${stateClass(state)}`, state);
  r.cells.state.replaceChildren(s);
  r.tr.dataset.state = state;
  if (since !== undefined) sinceCell(r.cells.since, since);
}

function setDetail(r, text) {
  if (text !== undefined && text !== null) r.cells.detail.textContent = text;
}

function drawHistory(r) {
  r.cells.spark.replaceChildren(sparkline(r.history));
}

// ---- buttons ----

function pathOf(name) {
  return name.split("/").map(encodeURIComponent).join("/");
}

async function post(label, url) {
  const out = document.getElementById("result");
  out.textContent = `${label}: sending...`;
  out.className = "";
  try {
    const response = await fetch(url, { method: "POST", credentials: "same-origin", cache: "no-store" });
    const text = (await response.text()).trim();
    out.textContent = `${label}: ${response.status} ${response.statusText} ${text}`.trim();
    out.className = response.ok ? "done" : "failed";
    out.dataset.status = String(response.status);
    scheduleRefresh();
  } catch (e) {
    out.textContent = `${label}: ${e}`;
    out.className = "failed";
  }
}

function addServiceButtons(r, name) {
  for (const verb of ["start", "stop", "restart", "reset"]) {
    const b = el("button", null, verb);
    b.type = "button";
    b.dataset.verb = verb;
    b.addEventListener("click", () => post(`${verb} ${name}`, `/-/services/${pathOf(name)}/${verb}`));
    r.cells.control.appendChild(b);
  }
}

function addFailbackButton(r, name) {
  if (r.cells.control.childElementCount) return;
  const b = el("button", null, "fail back");
  b.type = "button";
  b.dataset.verb = "post";
  b.title = `POST /${name}: fire its on_post (manual fail-back)`;
  b.addEventListener("click", () => post(`POST /${name}`, `/${pathOf(name)}`));
  r.cells.control.appendChild(b);
}

// ---- /-/status ----

function newer(r, statusNow) {
  // An event seen after this status was made wins over it.
  return r.eventAt && statusNow && Date.parse(r.eventAt) > Date.parse(statusNow);
}

function applyStatus(doc) {
  lastStatusNow = doc.now;
  document.getElementById("view").textContent = doc.redacted ? "read-only view (no credentials)" : "full view";
  document.getElementById("signin").hidden = !doc.redacted;
  if (redacted === true && !doc.redacted) follow(); // signed in: the stream again, now with details
  redacted = doc.redacted;
  for (const s of doc.services || []) {
    const r = row("service", s.name);
    if (!newer(r, doc.now)) setState(r, s.state, s.since);
    r.cells.pid.textContent = s.pid ?? "";
    r.cells.restarts.textContent = s.restarts;
    const exit = s.last_exit ? `last exit: ${s.last_exit.description}` : "";
    setDetail(r, [s.last_error, exit, s.held_until ? `held until ${s.held_until}` : ""].filter(Boolean).join("; "));
  }
  for (const c of doc.checks || []) {
    const r = row("check", c.name);
    if (!newer(r, doc.now)) setState(r, c.status, c.since);
    const ms = c.duration_ms !== undefined ? ` (${c.duration_ms} ms)` : "";
    setDetail(r, c.detail !== undefined && c.detail !== null ? `${c.detail}${ms}` : c.last_checked ? `checked ${age(c.last_checked)}${ms}` : "not checked yet");
    if (c.on_post) addFailbackButton(r, c.name);
  }
  for (const b of doc.load_balancers || []) {
    for (const s of b.servers || []) {
      const r = row("server", `${b.name}/${s.server}`);
      if (!newer(r, doc.now)) setState(r, s.applied || `${s.desired} (pending)`, s.applied_at);
      setDetail(r, s.last_error || (b.reachable ? `desired ${s.desired}` : `balancer unreachable; desired ${s.desired}`));
    }
  }
  for (const g of doc.groups || []) {
    const r = row("group", g.name);
    if (!newer(r, doc.now)) setState(r, g.role, g.since);
    setDetail(r, [g.reason, g.leader ? `leader ${g.leader}` : "", g.coordinator].filter(Boolean).join("; "));
  }
}

async function refresh() {
  refreshTimer = null;
  try {
    const response = await fetch("/-/status", { credentials: "same-origin", cache: "no-store" });
    if (response.ok) applyStatus(await response.json());
  } catch (e) {
    // the event stream's state shows the connection; the next event or retry refreshes again
  }
}

function scheduleRefresh() {
  if (refreshTimer === null) refreshTimer = setTimeout(refresh, 250);
}

// ---- /-/events ----

function applyEvent(e) {
  const received = performance.now();
  if (e.id > lastEventId) lastEventId = e.id;
  if (e.kind === "lost") {
    scheduleRefresh();
    eventLog.push({ id: e.id, kind: e.kind, name: e.name, to: e.to, received, rendered: received });
    return;
  }
  if (!tables[e.kind]) return;
  const r = row(e.kind, e.name);
  r.history.push({ at: e.at, to: e.to });
  if (r.history.length > HISTORY) r.history.shift();
  if (!r.eventAt || Date.parse(e.at) >= Date.parse(r.eventAt)) {
    r.eventAt = e.at;
    setState(r, e.to, e.at);
    if (e.detail) setDetail(r, e.detail);
    r.tr.dataset.eventId = String(e.id);
  }
  drawHistory(r);
  eventLog.push({ id: e.id, kind: e.kind, name: e.name, to: e.to, received, rendered: performance.now() });
  if (eventLog.length > 1000) eventLog.shift();
  if (e.kind !== "action") scheduleRefresh();
}

function follow() {
  const conn = document.getElementById("connection");
  if (source) source.close();
  // last_event_id=0: the ring's backlog first (it fills the sparklines); the browser's own Last-Event-ID wins on reconnects.
  source = new EventSource(`/-/events?last_event_id=${lastEventId}`);
  source.onopen = () => { conn.textContent = "live"; conn.className = "state ok"; scheduleRefresh(); };
  source.onerror = () => { conn.textContent = "reconnecting"; conn.className = "state fail"; };
  source.onmessage = m => {
    try { applyEvent(JSON.parse(m.data)); } catch (err) { /* one bad event must not stop the stream */ }
  };
}

function tick() {
  document.getElementById("now").textContent = new Date().toISOString().replace(/\.\d+/, "");
  for (const td of document.querySelectorAll("td.since")) {
    if (td.dataset.at) sinceCell(td, td.dataset.at);
  }
}

async function signIn() {
  // A 401 with WWW-Authenticate makes the browser ask; it then sends the credentials with every request under /-/.
  try {
    const response = await fetch("/-/status?login", { credentials: "same-origin", cache: "no-store" });
    if (response.ok) applyStatus(await response.json());
  } catch (e) {
    // stays read-only
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("signin").addEventListener("click", signIn);
  for (const id of Object.values(tables)) document.getElementById(`${id}-section`).classList.add("empty");
  await refresh();
  follow();
  setInterval(tick, 1000);
  tick();
});
