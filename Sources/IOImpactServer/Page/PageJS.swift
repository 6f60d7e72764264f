extension Page {
    static let javascript = #"""
"use strict";
// The workbench page: edits the levers of a case, runs it through POST /api/run, draws what the library
// returns. It computes no result itself; charts are SVG drawn here from the run's own figures.
const $ = (id) => document.getElementById(id);
const COLORS = ["#1f5f99", "#c0392b", "#2e8b57", "#8e44ad", "#d35400"];
const MAX_KEPT = 4;
const state = { base: null, levers: null, original: null, toml: null, materials: [], origins: [],
                current: null, kept: [] };

async function api(path, options) {
  const response = await fetch(path, options);
  const text = await response.text();
  let body = null;
  try { body = JSON.parse(text); } catch (e) { body = null; }
  if (!response.ok) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
  return body;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function status(text) { $("status").textContent = text; }

function fmt(v, digits) {
  if (v === null || v === undefined || !isFinite(v)) return "–";
  return Number(v).toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

// A cut's flow path as depth, start and duration when it is one rectangle; null when it is a custom path.
function rectangle(flow) {
  const p = flow.map((x) => [x[0], x[1]]);
  let k = 0;
  while (k < p.length && p[k][1] === 1) k++;
  if (k === 0 || k >= p.length) return null;
  const start = p[k - 1][0], level = p[k][1];
  if (p[k][0] !== start) return null;
  let m = k;
  while (m < p.length && p[m][1] === level) m++;
  if (m >= p.length || p[m][1] !== 1 || p[m][0] !== p[m - 1][0]) return null;
  for (let j = m; j < p.length; j++) if (p[j][1] !== 1) return null;
  return { depth: 1 - level, start: start, days: p[m][0] - start };
}

function rectangleFlow(depth, start, days) {
  const level = Math.round((1 - depth) * 1e6) / 1e6;
  const head = start > 0 ? [[0, 1], [start, 1]] : [[0, 1]];
  return head.concat([[start, level], [start + days, level], [start + days, 1]]);
}

function materialSelect(value) {
  const s = document.createElement("select");
  const ids = state.materials.map((m) => m.id);
  if (value && !ids.includes(value)) ids.push(value);
  for (const id of ids) {
    const m = state.materials.find((x) => x.id === id);
    const o = new Option(m ? `${m.name} (${id})` : id, id);
    s.add(o);
  }
  s.value = value || ids[0];
  return s;
}

function numberInput(value, attrs) {
  const i = document.createElement("input");
  i.type = "number"; i.step = "any"; i.value = value;
  Object.assign(i, attrs || {});
  return i;
}

function row(tbody, cells, onRemove) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement("td");
    if (typeof c === "string") { td.textContent = c; td.className = "custom"; } else td.appendChild(c);
    tr.appendChild(td);
  }
  const td = document.createElement("td");
  const b = document.createElement("button");
  b.type = "button"; b.className = "remove"; b.textContent = "✕"; b.title = "remove";
  b.onclick = () => { state.levers = readForm(); onRemove(state.levers); renderForm(); };
  td.appendChild(b); tr.appendChild(td);
  tbody.appendChild(tr);
  return tr;
}

function renderForm() {
  const l = state.levers;
  $("f-id").value = l.id; $("f-title").value = l.title; $("f-horizon").value = l.horizonMonths;
  $("f-profile").checked = l.parameters !== null && l.parameters !== undefined;
  $("f-stockdays").value = l.stockDays;
  $("f-subceil").value = +(l.substitutionCeiling * 100).toFixed(4);
  $("f-subdays").value = l.substitutionDays;
  $("f-allocation").value = l.allocation; $("f-rationing").value = l.rationing;
  $("table-note").textContent = `Table ${l.table}.`;
  const cuts = $("cuts").tBodies[0]; cuts.innerHTML = "";
  l.cuts.forEach((c, k) => {
    const r = rectangle(c.flow);
    const cells = [materialSelect(c.material), Object.assign(document.createElement("input"), { value: c.origin })];
    if (r) {
      cells.push(numberInput(+(r.depth * 100).toFixed(4), { min: 0, max: 100 }), numberInput(r.start, { min: 0 }),
                 numberInput(r.days, { min: 0 }));
    } else {
      cells.push(`custom path, ${c.flow.length} points`, "", "");
    }
    const tr = row(cuts, cells, (lv) => lv.cuts.splice(k, 1));
    tr.dataset.custom = r ? "" : "1";
  });
  const piles = $("stockpiles").tBodies[0]; piles.innerHTML = "";
  l.stockpiles.forEach((s, k) => {
    const tr = row(piles, [materialSelect(s.material), numberInput(s.tonnes, { min: 0 }),
                           numberInput(s.maxTonnesPerWeek, { min: 0 }), numberInput(s.startDay, { min: 0 }), ""],
                   (lv) => lv.stockpiles.splice(k, 1));
    const f = tr.querySelectorAll("input, select");
    const hint = () => { tr.cells[4].textContent = daysOfUse(f[0].value, parseFloat(f[1].value)); };
    f[0].addEventListener("change", hint); f[1].addEventListener("input", hint);
    hint();
  });
  const allied = $("allied").tBodies[0]; allied.innerHTML = "";
  l.allied.forEach((a, k) => {
    const flat = a.ramp.every((p) => p[1] === a.ramp[0][1]);
    const cells = [materialSelect(a.material)];
    if (flat) cells.push(numberInput(a.ramp[0][1], { min: 0 }), numberInput(a.ramp[0][0], { min: 0 }));
    else cells.push(`ramp, ${a.ramp.length} points`, "");
    const tr = row(allied, cells, (lv) => lv.allied.splice(k, 1));
    tr.dataset.custom = flat ? "" : "1";
  });
}

// A stockpile's size in days of the material's normal use (the table's tonnes a year), for the form.
function daysOfUse(material, tonnes) {
  const m = state.materials.find((x) => x.id === material);
  return m && m.tonnes_per_year > 0 && isFinite(tonnes) ? `${fmt(tonnes / m.tonnes_per_year * 365, 0)} d` : "";
}

const EDITED = "ASSUMPTION (edited in the workbench): ";
function edited(basis, changed) { return changed && !basis.startsWith(EDITED) ? EDITED + basis : basis; }
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The form read back into the levers (the bases of edited items say they were edited).
function readForm() {
  const l = JSON.parse(JSON.stringify(state.levers));
  const o = state.original;
  l.id = $("f-id").value.trim(); l.title = $("f-title").value;
  l.horizonMonths = parseInt($("f-horizon").value, 10);
  l.parameters = $("f-profile").checked ? (o.parameters || "../calibration/profiles/shared.toml") : null;
  l.stockDays = parseFloat($("f-stockdays").value);
  l.substitutionCeiling = parseFloat($("f-subceil").value) / 100;
  l.substitutionDays = parseFloat($("f-subdays").value);
  l.allocation = $("f-allocation").value; l.rationing = $("f-rationing").value;
  if (l.stockDays !== o.stockDays) l.stockBasis = edited(l.stockBasis, true);
  if (l.substitutionCeiling !== o.substitutionCeiling || l.substitutionDays !== o.substitutionDays)
    l.substitutionBasis = edited(l.substitutionBasis, true);
  [...$("cuts").tBodies[0].rows].forEach((tr, k) => {
    const c = l.cuts[k], f = tr.querySelectorAll("input, select");
    c.material = f[0].value; c.origin = f[1].value.trim();
    if (!tr.dataset.custom) {
      c.flow = rectangleFlow(parseFloat(f[2].value) / 100, parseFloat(f[3].value), parseFloat(f[4].value));
    }
    const before = o.cuts.find((x) => x.material === c.material && x.origin === c.origin);
    c.flowBasis = edited(c.flowBasis, !before || !same(before.flow, c.flow));
  });
  [...$("stockpiles").tBodies[0].rows].forEach((tr, k) => {
    const s = l.stockpiles[k], f = tr.querySelectorAll("input, select");
    s.material = f[0].value; s.tonnes = parseFloat(f[1].value);
    s.maxTonnesPerWeek = parseFloat(f[2].value); s.startDay = parseFloat(f[3].value);
    s.basis = edited(s.basis, !same(o.stockpiles[k], s));
  });
  [...$("allied").tBodies[0].rows].forEach((tr, k) => {
    const a = l.allied[k], f = tr.querySelectorAll("input, select");
    a.material = f[0].value;
    if (!tr.dataset.custom) a.ramp = [[parseFloat(f[2].value), parseFloat(f[1].value)]];
    a.basis = edited(a.basis, !same(o.allied[k], a));
  });
  return l;
}

function request() {
  const body = state.base ? { case: state.base, levers: readForm() } : { toml: state.toml, levers: readForm() };
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

async function loadMaterials(table) {
  const m = await api(`/api/tables/${encodeURIComponent(table)}/materials`);
  state.materials = m.materials; state.origins = m.origins;
}

async function useCase(fields) {
  await loadMaterials(fields.levers.table);
  state.base = fields.reference ? fields.id : null;
  state.toml = fields.toml;
  state.levers = fields.levers;
  state.original = JSON.parse(JSON.stringify(fields.levers));
  renderForm();
}

async function pickCase(id) {
  showError("");
  await useCase(await api(`/api/cases/${encodeURIComponent(id)}`));
  status(`Case ${id} loaded. Change a lever and press Run.`);
}

async function upload(file) {
  showError("");
  const text = await file.text();
  try {
    await useCase(await api("/api/levers", { method: "POST", headers: { "Content-Type": "application/toml" },
                                             body: text }));
    $("case-select").value = "";
    status(`Uploaded ${file.name}. Press Run.`);
  } catch (e) { showError(e.message); }
}

async function run(event) {
  if (event) event.preventDefault();
  showError("");
  status("Running…");
  $("run").disabled = true;
  const started = performance.now();
  try {
    const answer = await api("/api/run", request());
    state.current = { view: answer.view, toml: answer.toml, levers: readForm() };
    draw();
    status(`Ran ${answer.view.case} in ${Math.round(performance.now() - started)} ms.`);
    $("keep").disabled = false;
  } catch (e) {
    showError(e.message);
    status("The run did not go through: see the message above.");
  } finally { $("run").disabled = false; }
}

function keep() {
  if (!state.current) return;
  state.kept = state.kept.filter((s) => s.view.case !== state.current.view.case);
  state.kept.push(state.current);
  if (state.kept.length > MAX_KEPT) state.kept.shift();
  draw();
}

async function download(kind) {
  showError("");
  try {
    const response = await fetch(`/api/export/${kind}`, request());
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
    }
    const name = (response.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const a = document.createElement("a");
    a.href = URL.createObjectURL(await response.blob());
    a.download = name ? name[1] : kind;
    document.body.appendChild(a); a.click(); a.remove();
  } catch (e) { showError(e.message); }
}

// ---- drawing ----
const SVG = "http://www.w3.org/2000/svg";
function el(name, attrs, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function scenarios() {
  const list = state.kept.slice();
  if (state.current && !list.includes(state.current)) list.push(state.current);
  return list.slice(-(MAX_KEPT + 1));
}

function pathChart() {
  const list = scenarios(), cur = state.current.view;
  const W = 860, H = 320, L = 56, R = 70, T = 14, B = 40, w = W - L - R, h = H - T - B;
  const months = cur.months.map((m) => m.month);
  let lo = 0, hi = 0, jobs = 0;
  for (const s of list) for (const m of s.view.months) {
    lo = Math.min(lo, m.gdp_loss_percent, m.low_percent); hi = Math.max(hi, m.gdp_loss_percent, m.high_percent);
    jobs = Math.max(jobs, m.labour_persons || 0);
  }
  let jobsLow = 0;
  for (const s of list) for (const m of s.view.months) jobsLow = Math.min(jobsLow, m.labour_persons || 0);
  const top = niceMax(hi), bottom = lo < 0 ? -niceMax(-lo) : 0;
  // Persons per percentage point: the labour line shares the zero line and stays inside the chart.
  const perPoint = niceMax(Math.max(jobs / top, bottom < 0 ? jobsLow / bottom : 0));
  const n = Math.max(...list.map((s) => s.view.months.length));
  const x = (k) => L + w * (k + 0.5) / n, y = (v) => T + h * (top - v) / (top - bottom);
  const yj = (v) => y(Math.max(bottom, Math.min(top, v / perPoint)));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img",
                          "aria-label": "GDP loss by month" });
  for (let i = 0; i <= 4; i++) {
    const v = bottom + (top - bottom) * i / 4;
    svg.appendChild(el("line", { x1: L, x2: L + w, y1: y(v), y2: y(v), stroke: "#e4e7eb" }));
    svg.appendChild(el("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#616e7c" },
                       fmt(v, top - bottom < 2 ? 2 : 1) + "%"));
    if (jobs > 0) svg.appendChild(el("text", { x: L + w + 6, y: y(v) + 4, "font-size": 11, fill: "#616e7c" },
                                     fmt(v * perPoint, 0)));
  }
  svg.appendChild(el("line", { x1: L, x2: L + w, y1: y(0), y2: y(0), stroke: "#9aa5b1" }));
  const step = Math.max(1, Math.ceil(n / 12));
  months.forEach((m, k) => {
    if (k % step === 0) svg.appendChild(el("text", { x: x(k), y: H - B + 16, "text-anchor": "middle",
                                                     "font-size": 11, fill: "#616e7c" }, m));
  });
  const band = cur.months.map((m, k) => `${x(k)},${y(m.high_percent)}`)
    .concat(cur.months.map((m, k) => `${x(k)},${y(m.low_percent)}`).reverse());
  const ci = list.indexOf(state.current);
  svg.appendChild(el("polygon", { points: band.join(" "), fill: COLORS[ci % COLORS.length], opacity: 0.15 }));
  list.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.view.months.map((m, k) => `${x(k)},${y(m.gdp_loss_percent)}`).join(" ");
    svg.appendChild(el("polyline", { points: pts, fill: "none", stroke: color, "stroke-width": 2.2 }));
    if (jobs > 0) {
      const jp = s.view.months.map((m, k) => `${x(k)},${yj(m.labour_persons || 0)}`).join(" ");
      svg.appendChild(el("polyline", { points: jp, fill: "none", stroke: color, "stroke-width": 1.2,
                                       "stroke-dasharray": "4 3", opacity: 0.8 }));
    }
  });
  svg.appendChild(el("text", { x: L, y: H - 6, "font-size": 11, fill: "#616e7c" },
                     "% of the month's GDP (left)"
                     + (jobs > 0 ? "; persons, labour input lost (right, dashed)" : "")));
  return svg;
}

function compareTable() {
  const t = $("compare"); t.innerHTML = "";
  const head = t.insertRow();
  for (const h of ["scenario", "GDP loss, first 12 months, %", "range over rules, %", "loss, first 12 months",
                   "job-years lost, first 12 months", "peak month", "whole horizon, gross %"]) {
    const th = document.createElement("th"); th.textContent = h; head.appendChild(th);
  }
  scenarios().forEach((s, i) => {
    const v = s.view, m = v.summary, r = t.insertRow();
    const c0 = r.insertCell();
    const sw = document.createElement("span"); sw.className = "swatch";
    sw.style.background = COLORS[i % COLORS.length];
    c0.appendChild(sw); c0.appendChild(document.createTextNode(v.case + (s === state.current ? " (current)" : "")));
    c0.title = v.title;
    r.insertCell().textContent = fmt(m.gdp_loss_first_12_months_gross_percent, 2);
    r.insertCell().textContent =
      `${fmt(m.first_12_months_low_percent, 2)}–${fmt(m.first_12_months_high_percent, 2)}`;
    r.insertCell().textContent = `${fmt(m.gdp_loss_first_12_months_gross, 0)} ${v.unit}`;
    r.insertCell().textContent = fmt(m.job_years_lost_first_12_months_gross, 0);
    r.insertCell().textContent = `${m.peak_month} (${fmt(m.peak_month_percent, 2)}%)`;
    r.insertCell().textContent = fmt(m.gdp_loss_gross_percent_of_year, 2);
  });
}

function sectorsChart(v) {
  const rows = v.sectors, W = 860, rowH = 22, L = 430, R = 90, T = 6;
  const H = T + Math.max(rows.length, 1) * rowH + 24;
  const max = niceMax(Math.max(...rows.map((s) => s.value_added_loss), 0));
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": "sector losses" });
  rows.forEach((s, k) => {
    const y = T + k * rowH, bw = Math.max(0, (W - L - R) * s.value_added_loss / max);
    const label = `${s.code} ${s.name}` + (s.name_local ? ` · ${s.name_local}` : "");
    svg.appendChild(el("text", { x: L - 8, y: y + 15, "text-anchor": "end", "font-size": 12 },
                       label.length > 56 ? label.slice(0, 55) + "…" : label));
    svg.appendChild(el("rect", { x: L, y: y + 4, width: bw, height: rowH - 8, fill: "#1f5f99" }));
    svg.appendChild(el("text", { x: L + bw + 6, y: y + 15, "font-size": 11, fill: "#616e7c" },
                       fmt(s.value_added_loss, 0)));
  });
  if (!rows.length) {
    svg.appendChild(el("text", { x: L, y: T + 15, "font-size": 12 }, "No sector's output falls below base."));
  }
  svg.appendChild(el("text", { x: L, y: H - 6, "font-size": 11, fill: "#616e7c" },
                     `value added lost over the whole horizon, net of catch-up (${v.unit})`));
  return svg;
}

function regionsTable(v) {
  const t = $("regions"); t.innerHTML = "";
  const head = t.insertRow();
  for (const h of ["country", "reached by", "% of its GDP", `loss (${v.unit})`, "job-years"]) {
    const th = document.createElement("th"); th.textContent = h; head.appendChild(th);
  }
  for (const g of v.regions.slice(0, 15)) {
    const r = t.insertRow();
    r.insertCell().textContent = g.region;
    const c = r.insertCell(); c.className = "text"; c.textContent = g.cut_directly ? "cut" : "spill-over";
    r.insertCell().textContent = fmt(g.gdp_loss_first_12_months_percent, 3);
    r.insertCell().textContent = fmt(g.gdp_loss_first_12_months, 0);
    r.insertCell().textContent = fmt(g.job_years_lost_first_12_months, 0);
  }
}

function draw() {
  const v = state.current.view;
  $("headline-box").hidden = false;
  $("r-title").textContent = `${v.case}: ${v.title}`;
  $("headline").textContent = v.lead[0];
  $("lead-more").textContent = v.lead.slice(1).join(" ").replace(/`/g, "");
  $("headline-full").textContent = v.headline;
  $("chart-box").hidden = false;
  $("path-chart").replaceChildren(pathChart());
  $("compare-box").hidden = false;
  compareTable();
  $("sectors-box").hidden = v.sectors.length === 0;
  $("sectors-chart").replaceChildren(sectorsChart(v));
  $("regions-box").hidden = v.regions.length === 0;
  regionsTable(v);
  $("bottleneck-box").hidden = v.bottlenecks.length === 0;
  $("bottlenecks").replaceChildren(...v.bottlenecks.map((b) => Object.assign(document.createElement("li"),
                                                                            { textContent: b })));
  $("frontier").hidden = false;
}

// The policy frontier of the case as edited: POST /api/frontier, the chart drawn by the library.
async function sweep(event) {
  if (event) event.preventDefault();
  showError("");
  $("frontier-run").disabled = true;
  status("Sweeping the lever…");
  const started = performance.now();
  try {
    const r = request();
    const body = JSON.parse(r.body);
    body.frontier = { lever: $("frontier-lever").value, range: $("frontier-range").value };
    r.body = JSON.stringify(body);
    const answer = await api("/api/frontier", r);
    $("frontier-answer").textContent = answer.answer;
    const img = document.createElement("img");
    img.alt = "policy frontier chart";
    img.className = "frontier";
    img.src = URL.createObjectURL(new Blob([answer.svg], { type: "image/svg+xml" }));
    $("frontier-chart").replaceChildren(img);
    status(`Swept ${answer.result.points.length} points in ${Math.round(performance.now() - started)} ms.`);
  } catch (e) {
    showError(e.message);
    status("The sweep did not go through: see the message above.");
  } finally { $("frontier-run").disabled = false; }
}

async function start() {
  const cases = await api("/api/cases");
  const select = $("case-select");
  select.add(new Option("(uploaded case)", ""));
  for (const c of cases) select.add(new Option(`${c.id}: ${c.title}`, c.id));
  select.onchange = () => { if (select.value) pickCase(select.value).catch((e) => showError(e.message)); };
  $("upload").onchange = (e) => { if (e.target.files[0]) upload(e.target.files[0]); };
  $("levers").onsubmit = run;
  $("keep").onclick = keep;
  $("frontier-form").onsubmit = sweep;
  $("add-cut").onclick = () => {
    const l = readForm(); state.levers = l;
    l.cuts.push({ material: state.materials[0].id, origin: "CHN", flow: rectangleFlow(1, 0, 365),
                  flowBasis: EDITED + "a full stop for one year" });
    renderForm();
  };
  $("add-stockpile").onclick = () => {
    const l = readForm(); state.levers = l;
    l.stockpiles.push({ material: state.materials[0].id, tonnes: 1000, startDay: 14, maxTonnesPerWeek: 125,
                        users: [], basis: EDITED + "a stockpile set in the workbench" });
    renderForm();
  };
  $("add-allied").onclick = () => {
    const l = readForm(); state.levers = l;
    l.allied.push({ material: state.materials[0].id, ramp: [[0, 1000]], sharing: "pro-rata", shares: {},
                    basis: EDITED + "allied supply set in the workbench" });
    renderForm();
  };
  for (const b of document.querySelectorAll("[data-export]")) b.onclick = () => download(b.dataset.export);
  const first = cases.find((c) => c.id === "jp-re-1y-dir") || cases[0];
  select.value = first.id;
  await pickCase(first.id);
}

start().catch((e) => showError(e.message));
"""#
}
