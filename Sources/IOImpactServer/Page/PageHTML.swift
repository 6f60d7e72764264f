extension Page {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ioimpact workbench</title>
<link rel="stylesheet" href="/workbench.css">
</head>
<body>
<header>
  <h1>ioimpact workbench</h1>
  <p>What a cut in critical-mineral supply does to GDP and jobs, month by month. Pick a case, change its
  levers, run, and keep up to four scenarios side by side. Every figure comes from the same model and
  reports as <code>ioimpact run</code>.</p>
</header>
<main>
<form id="levers" autocomplete="off" novalidate>
  <section>
    <h2>1. Case</h2>
    <label>Reference case <select id="case-select"></select></label>
    <label class="file">or upload a case file (.toml) <input type="file" id="upload" accept=".toml,text/plain"></label>
    <label>Scenario id <input id="f-id" required></label>
    <label>Title <input id="f-title"></label>
    <p class="note" id="table-note"></p>
    <label>Horizon (months) <input id="f-horizon" type="number" min="1" step="1"></label>
    <label class="check"><input type="checkbox" id="f-profile"> Use the calibrated parameters
      <span class="hint">(replace users' stock days and substitution below; see Reports/calibration.md)</span></label>
  </section>
  <section>
    <h2>2. Supply cuts</h2>
    <p class="hint">Depth: share of normal flow stopped. A cut starts on its start day and lasts its duration.</p>
    <table class="rows" id="cuts"><thead><tr><th>material</th><th>from</th><th>depth %</th><th>start day</th>
      <th>days</th><th></th></tr></thead><tbody></tbody></table>
    <button type="button" id="add-cut">+ cut</button>
  </section>
  <section>
    <h2>3. Stockpiles</h2>
    <table class="rows" id="stockpiles"><thead><tr><th>material</th><th>tonnes</th><th>release t/week</th>
      <th>from day</th><th>of use</th><th></th></tr></thead><tbody></tbody></table>
    <button type="button" id="add-stockpile">+ stockpile</button>
  </section>
  <section>
    <h2>4. Allied supply</h2>
    <table class="rows" id="allied"><thead><tr><th>material</th><th>extra t/year</th><th>from day</th><th></th></tr>
      </thead><tbody></tbody></table>
    <button type="button" id="add-allied">+ allied supply</button>
  </section>
  <section>
    <h2>5. Users and rules</h2>
    <label>Users' stocks (days of normal use) <input id="f-stockdays" type="number" min="0" step="any"></label>
    <label>Substitution ceiling (% of use) <input id="f-subceil" type="number" min="0" max="100" step="any"></label>
    <label>Substitution time (days) <input id="f-subdays" type="number" min="1" step="any"></label>
    <label>Allocation of scarce material <select id="f-allocation">
      <option value="proportional">proportional to use</option><option value="priority">priority sectors first</option>
    </select></label>
    <label>Rationing of scarce inputs <select id="f-rationing">
      <option value="proportional">proportional</option><option value="industry-first">industry first</option>
    </select></label>
  </section>
  <div class="actions">
    <button type="submit" id="run" class="primary">Run</button>
    <button type="button" id="keep" disabled>Keep for comparison</button>
  </div>
  <div class="downloads">Download this scenario:
    <button type="button" data-export="case.toml">case (TOML)</button>
    <button type="button" data-export="report.md">report (Markdown)</button>
    <button type="button" data-export="path.csv">monthly path (CSV)</button>
    <button type="button" data-export="run.json">results (JSON)</button>
  </div>
</form>
<div id="results">
  <div id="error" role="alert" hidden></div>
  <div id="status" class="status">Pick a case and press Run.</div>
  <section id="headline-box" hidden>
    <h2 id="r-title"></h2>
    <p id="headline" class="headline"></p>
    <p id="lead-more" class="lead-more"></p>
    <details><summary>The headline in full</summary><p id="headline-full"></p></details>
  </section>
  <section id="chart-box" hidden>
    <h2>GDP loss by month, % of the month's GDP</h2>
    <p class="hint">Solid line: the scenario's own rules; shaded: the range over the allocation and rationing
      rules (current scenario); dashed: labour input lost, persons (right scale). Colours as in the table
      below.</p>
    <div id="path-chart"></div>
  </section>
  <section id="compare-box" hidden>
    <h2>Scenarios compared</h2>
    <table id="compare" class="data"></table>
  </section>
  <section id="sectors-box" hidden>
    <h2>The 15 sectors that lose most value added (whole horizon)</h2>
    <div id="sectors-chart"></div>
  </section>
  <section id="regions-box" hidden>
    <h2>Losses by country, first 12 months</h2>
    <table id="regions" class="data"></table>
  </section>
  <section id="bottleneck-box" hidden>
    <h2>Bottleneck chain: what held each sector, and when</h2>
    <ol id="bottlenecks"></ol>
  </section>
  <section id="frontier" hidden>
    <h2>Policy frontier: what a lever is worth against what it costs</h2>
    <p class="note">The case as edited above, run once per value of the lever (stockpile and users' stock days
      in days of normal use, allied supply in % of normal use); costs from Tables/materials/lever-costs.csv.
      The same as <code>ioimpact frontier</code>.</p>
    <form id="frontier-form">
      <label>Lever <select id="frontier-lever">
        <option value="stockpile">national stockpile (days)</option>
        <option value="stock-days">users' stock days</option>
        <option value="allied">allied supply (% of normal use)</option>
      </select></label>
      <label>Range FROM:TO:STEP <input id="frontier-range" value="0:360:30" size="12"></label>
      <button type="submit" id="frontier-run">Sweep</button>
    </form>
    <p id="frontier-answer"></p>
    <div id="frontier-chart"></div>
  </section>
</div>
</main>
<script src="/workbench.js"></script>
</body>
</html>
"""#
}
