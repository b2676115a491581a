// sarsat MCC operator page: alert list (live over server-sent events), world map of every
// site's positions, and the SIT 185 / decoded beacon / audit trail of the selected alert.
// Plain JS and SVG; the map is an equirectangular projection (x = longitude, y = -latitude,
// in degrees) of the bundled Natural Earth land polygons. No network beyond this server.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const M_PER_DEG_LAT = 111320;
const state = {
  alerts: [],          // summaries, newest first
  features: [],        // GeoJSON features of /positions
  selected: null,      // message id
  site: null,          // selected site JSON
  layout: "sent",
  view: { x: -180, y: -90, w: 360, h: 180 },
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

async function getJSON(url, options) {
  const r = await fetch(url, options);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.json();
}

// ---- map ------------------------------------------------------------------------------

function setView(v) {
  const w = Math.min(Math.max(v.w, 0.05), 720);
  const h = w / 2;
  state.view = { x: v.x + (v.w - w) / 2, y: v.y + (v.h - h) / 2, w, h };
  $("map").setAttribute("viewBox", `${state.view.x} ${state.view.y} ${state.view.w} ${state.view.h}`);
  drawMarkers();
}

function pxToDeg() {
  // degrees per screen pixel ("meet": the limiting dimension decides)
  const r = $("map").getBoundingClientRect();
  return Math.max(state.view.w / (r.width || 1), state.view.h / (r.height || 1));
}

async function loadLand() {
  const data = await getJSON("/static/land.json");
  const parts = [];
  for (const ring of data.rings) {
    parts.push("M" + ring.map(([lon, lat]) => `${lon} ${-lat}`).join("L") + "Z");
  }
  $("land").setAttribute("d", parts.join(""));
  const g = $("graticule");
  const lines = [];
  for (let lon = -180; lon <= 180; lon += 30) lines.push(`M${lon} -90V90`);
  for (let lat = -60; lat <= 60; lat += 30) lines.push(`M-180 ${-lat}H180`);
  g.appendChild(svg("path", { d: lines.join("") }));
}

function markerShape(type, s) {
  // s: marker half-size in degrees
  switch (type) {
    case "doa": return svg("circle", { r: s * 0.8, class: "m-doa" });
    case "doppler_a":
    case "doppler_b": return svg("path", { d: `M0 ${-s}L${s} ${s * 0.8}L${-s} ${s * 0.8}Z`, class: `m-${type}` });
    case "encoded": return svg("rect", { x: -s * 0.7, y: -s * 0.7, width: s * 1.4, height: s * 1.4, class: "m-encoded" });
    default: {
      const g = svg("g", {});
      g.appendChild(svg("path", { d: `M${-s * 1.4} 0H${s * 1.4}M0 ${-s * 1.4}V${s * 1.4}`, class: "m-mcc_reference" }));
      g.appendChild(svg("circle", { r: s * 0.8, class: "m-mcc_reference" }));
      return g;
    }
  }
}

function ellipse95(p) {
  // The 95 % region of a DOA position: the MCC keeps its EHE (a 95 % radius); an explicit
  // ellipse (semi-major/minor in metres, orientation clockwise from north) is used when given.
  const cos = Math.max(Math.cos((p.latitude_deg * Math.PI) / 180), 0.01);
  const e = p.ellipse95;
  if (e && e.semi_major_m) {
    return svg("ellipse", {
      cx: 0, cy: 0, rx: e.semi_minor_m / M_PER_DEG_LAT / cos, ry: e.semi_major_m / M_PER_DEG_LAT,
      transform: `rotate(${e.orientation_deg || 0})`, class: "ellipse95",
    });
  }
  if (!p.ehe_m) return null;
  return svg("ellipse", { cx: 0, cy: 0, rx: p.ehe_m / M_PER_DEG_LAT / cos, ry: p.ehe_m / M_PER_DEG_LAT, class: "ellipse95" });
}

const TYPE_LABEL = { doa: "DOA", doppler_a: "A", doppler_b: "B", encoded: "GNSS", mcc_reference: "REF" };

function drawMarkers() {
  const layer = $("markers");
  layer.replaceChildren();
  const s = 7 * pxToDeg();
  const selSite = state.site ? state.site.site_id : null;
  // the MCC reference last, on top
  const feats = [...state.features].sort((a, b) => (a.properties.role === "mcc_reference") - (b.properties.role === "mcc_reference"));
  const hasRef = new Set(feats.filter((f) => f.properties.role === "mcc_reference").map((f) => f.properties.site_id));
  const labelled = new Set();
  for (const f of feats) {
    if (!f.geometry) continue;
    const p = f.properties;
    const type = p.role === "mcc_reference" ? "mcc_reference" : p.type;
    const [lon, lat] = f.geometry.coordinates;
    const g = svg("g", {
      class: "marker" + (selSite === null ? "" : p.site_id === selSite ? " sel" : " dim"),
      transform: `translate(${lon} ${-lat})`,
      "data-site": p.site_id, "data-beacon": p.beacon_id, "data-type": type,
    });
    if (type === "doa") {
      const e = ellipse95(p);
      if (e) g.appendChild(e);
    }
    g.appendChild(markerShape(type, s));
    // Doppler A/B carry their letter; the site number goes once by its reference (else first) position
    const text = type === "doppler_a" ? "A" : type === "doppler_b" ? "B" : "";
    const named = labelled.has(p.site_id) ? "" : ` site ${p.site_id}`;
    if (type === "mcc_reference" || !hasRef.has(p.site_id)) labelled.add(p.site_id);
    const caption = (text + (type === "mcc_reference" || !hasRef.has(p.site_id) ? named : "")).trim();
    if (caption) {
      const label = svg("text", { x: s * 1.3, y: s * 0.4, "font-size": s * 1.6 });
      label.textContent = caption;
      g.appendChild(label);
    }
    const title = svg("title", {});
    title.textContent = `site ${p.site_id} ${p.beacon_id} ${TYPE_LABEL[type] || type}\n` +
      `${lat.toFixed(4)} ${lon.toFixed(4)}` + (p.ehe_m ? `\nEHE ${(p.ehe_m / 1000).toFixed(1)} km (95 %)` : "") +
      (p.probability_pct != null ? `\nprobability ${p.probability_pct} %` : "") + `\n${p.detected_at} LUT ${p.lut_id}`;
    g.appendChild(title);
    g.addEventListener("click", () => selectSite(p.site_id));
    layer.appendChild(g);
  }
}

function fitSite() {
  const feats = state.features.filter((f) => state.site && f.properties.site_id === state.site.site_id && f.geometry);
  if (!feats.length) return;
  const lons = feats.map((f) => f.geometry.coordinates[0]);
  const lats = feats.map((f) => f.geometry.coordinates[1]);
  const span = Math.max(Math.max(...lons) - Math.min(...lons), Math.max(...lats) - Math.min(...lats));
  const pad = Math.max(span * 0.25, 0.1);
  const x0 = Math.min(...lons) - pad, x1 = Math.max(...lons) + pad;
  const y0 = -Math.max(...lats) - pad, y1 = -Math.min(...lats) + pad;
  const w = Math.max(x1 - x0, (y1 - y0) * 2, 0.6);
  setView({ x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - w / 4, w, h: w / 2 });
}

function enablePanZoom() {
  const map = $("map");
  const toDeg = (ev) => {
    const r = map.getBoundingClientRect();
    const k = pxToDeg();
    const cx = state.view.x + state.view.w / 2, cy = state.view.y + state.view.h / 2;
    return [cx + (ev.clientX - r.left - r.width / 2) * k, cy + (ev.clientY - r.top - r.height / 2) * k];
  };
  map.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const [x, y] = toDeg(ev);
    const f = ev.deltaY > 0 ? 1.25 : 0.8;
    const v = state.view;
    setView({ x: x - (x - v.x) * f, y: y - (y - v.y) * f, w: v.w * f, h: v.h * f });
  }, { passive: false });
  let drag = null;
  map.addEventListener("mousedown", (ev) => { drag = { x: ev.clientX, y: ev.clientY, v: { ...state.view } }; map.classList.add("dragging"); });
  window.addEventListener("mouseup", () => { drag = null; map.classList.remove("dragging"); });
  map.addEventListener("mousemove", (ev) => {
    const [x, y] = toDeg(ev);
    $("cursor").textContent = `${(-y).toFixed(2)}°, ${x.toFixed(2)}°`;
    if (!drag) return;
    const k = pxToDeg();
    setView({ ...drag.v, x: drag.v.x - (ev.clientX - drag.x) * k, y: drag.v.y - (ev.clientY - drag.y) * k });
  });
  $("zoom-world").addEventListener("click", () => setView({ x: -180, y: -90, w: 360, h: 180 }));
  $("zoom-site").addEventListener("click", fitSite);
  window.addEventListener("resize", drawMarkers);
}

// ---- alerts ---------------------------------------------------------------------------

function kind(title) {
  if (title.startsWith("DISTRESS TRACKING")) return "k-tracking";
  if (title.startsWith("SHIP SECURITY")) return "k-security";
  return "k-distress";
}

function alertItem(a) {
  const li = el("li", { "data-message": a.message_id, "data-site": a.site_id, "data-beacon": a.beacon_id, class: kind(a.title) });
  li.appendChild(el("div", { class: "t" }, a.title));
  li.appendChild(el("div", { class: "m" }, `MSG ${String(a.msg_no).padStart(5, "0")} → ${a.destination}  site ${a.site_id}`));
  li.appendChild(el("div", { class: "m" }, `${a.beacon_id}  ${a.created_at.replace("T", " ").slice(0, 19)}Z`));
  li.addEventListener("click", () => selectAlert(a.message_id));
  return li;
}

function renderAlerts(freshId) {
  const ol = $("alerts");
  ol.replaceChildren(...state.alerts.map(alertItem));
  $("no-alerts").hidden = state.alerts.length > 0;
  for (const li of ol.children) {
    const id = Number(li.dataset.message);
    if (id === state.selected) li.classList.add("selected");
    if (id === freshId) li.classList.add("fresh");
  }
}

async function refreshPositions() {
  const fc = await getJSON("/positions");
  state.features = fc.features;
  drawMarkers();
  const h = await getJSON("/health");
  $("counts").textContent = `${h.counts.mcc_sites} sites · ${h.counts.mcc_messages} messages · ${h.counts.mcc_solutions} solutions`;
}

async function selectSite(siteId) {
  const a = state.alerts.find((x) => x.site_id === siteId);
  if (a) return selectAlert(a.message_id);
  state.site = await getJSON(`/sites/${siteId}`);
  state.selected = null;
  renderAlerts();
  drawMarkers();
  await Promise.all([showBeacon(), showAudit()]);
  $("sit185").textContent = "No message was sent for this site.";
}

async function selectAlert(messageId) {
  state.selected = messageId;
  const a = state.alerts.find((x) => x.message_id === messageId);
  renderAlerts();
  if (!a) return;
  state.site = await getJSON(`/sites/${a.site_id}`);
  $("zoom-site").disabled = false;
  fitSite();
  await Promise.all([showSit185(), showBeacon(), showAudit()]);
}

async function showSit185() {
  if (state.selected === null) return;
  const r = await fetch(`/alerts/${state.selected}/sit185?layout=${state.layout}`);
  $("sit185").textContent = await r.text();
  const a = state.alerts.find((x) => x.message_id === state.selected);
  $("sit-title").textContent = a ? `— MSG ${String(a.msg_no).padStart(5, "0")} to ${a.destination} (${a.layout})` : "";
}

function addRow(tbody, key, value) {
  const tr = el("tr");
  tr.appendChild(el("th", {}, key));
  tr.appendChild(el("td", {}, value === null || value === undefined ? "—" : String(value)));
  tbody.appendChild(tr);
}

async function showBeacon() {
  const site = state.site;
  const b = site.beacon;
  let d = null;
  if (b.message_hex) {
    try {
      d = await getJSON("/decode", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ hex: b.message_hex }) });
    } catch (e) { d = null; }
  }
  const tbody = el("tbody");  // built whole, then swapped in: overlapping refreshes never mix rows
  addRow(tbody, "hex ID", b.hex_id);
  addRow(tbody, "country", b.country_code != null ? `${b.country_code} ${b.country || ""}` : null);
  addRow(tbody, "protocol", d ? d.protocol.name : b.family);
  addRow(tbody, "beacon type", b.beacon_type);
  for (const [k, v] of Object.entries((d && d.identity) || b.identity || {})) {
    if (v !== null && typeof v !== "object") addRow(tbody, k.replace(/_/g, " "), v);
  }
  if (d && d.position) addRow(tbody, "encoded position", `${d.position.latitude_deg.toFixed(4)} ${d.position.longitude_deg.toFixed(4)} (${d.position.resolution}, ${d.position.source || "?"})`);
  else if (d) addRow(tbody, "encoded position", "none (default values)");
  addRow(tbody, "activation", b.activation);
  addRow(tbody, "homing", b.homing);
  if (d) {
    const bch = Object.entries(d.bch).filter(([, v]) => v && "valid" in v)
      .map(([k, v]) => `${k} ${v.valid ? "valid" : "INVALID"}${v.errors_corrected ? ` (${v.errors_corrected} corrected)` : ""}`);
    addRow(tbody, "BCH", bch.join(", "));
    addRow(tbody, "message", d.message_hex);
    if (d.warnings.length) addRow(tbody, "warnings", d.warnings.join("; "));
  }
  addRow(tbody, "reliable", b.reliable ? "yes" : "NO");
  addRow(tbody, "site", `${site.site_id} (${site.status}), ${site.alerts_sent} sent`);
  $("beacon").querySelector("tbody").replaceWith(tbody);
}

async function showAudit() {
  const rows = await getJSON(`/sites/${state.site.site_id}/audit`);
  const tbody = $("audit").querySelector("tbody");
  tbody.replaceChildren();
  for (const r of rows) {
    const tr = el("tr", { class: "d-" + r.decision.split(" ")[0] });
    for (const v of [r.at.replace("T", " ").slice(0, 19), r.solution_id, r.step, r.decision, r.rule, r.detail]) tr.appendChild(el("td", {}, v));
    tbody.appendChild(tr);
  }
}

function listen() {
  const last = state.alerts.length ? state.alerts[0].message_id : 0;
  const es = new EventSource(`/events?after=${last}`);
  const live = $("live");
  es.onopen = () => { live.textContent = "live"; live.className = "live on"; };
  es.onerror = () => { live.textContent = "reconnecting…"; live.className = "live off"; };
  es.addEventListener("alert", (ev) => {
    const a = JSON.parse(ev.data);
    if (state.alerts.some((x) => x.message_id === a.message_id)) return;
    state.alerts.unshift(a);
    renderAlerts(a.message_id);
    refreshPositions();
  });
  es.addEventListener("update", async () => {
    await refreshPositions();
    if (state.site) {
      state.site = await getJSON(`/sites/${state.site.site_id}`);
      await Promise.all([showBeacon(), showAudit()]);
    }
  });
}

async function main() {
  enablePanZoom();
  document.querySelectorAll("#layouts button").forEach((b) => b.addEventListener("click", () => {
    state.layout = b.dataset.layout;
    document.querySelectorAll("#layouts button").forEach((x) => x.classList.toggle("on", x === b));
    showSit185();
  }));
  await loadLand();
  state.alerts = await getJSON("/alerts?limit=500");
  renderAlerts();
  await refreshPositions();
  listen();
  const first = state.alerts[0];
  if (first) await selectAlert(first.message_id);
  document.body.dataset.ready = "1";
}

main();
