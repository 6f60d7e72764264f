extension Page {
    static let css = #"""
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9dee3; --accent: #1f5f99; --bad: #a61b1b; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif;
  color: var(--ink); background: var(--bg); }
header { padding: 14px 24px 10px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; color: var(--muted); max-width: 900px; }
main { display: grid; grid-template-columns: 470px 1fr; gap: 18px; padding: 18px 24px; align-items: start; }
form, #results > section, #status, #error { background: #fff; border: 1px solid var(--line); border-radius: 6px; }
form { padding: 6px 14px 14px; }
form section { border-bottom: 1px solid var(--line); padding: 8px 0 10px; }
h2 { font-size: 15px; margin: 6px 0 8px; }
label { display: flex; justify-content: space-between; align-items: center; gap: 10px; margin: 5px 0; }
label.check, label.file { display: block; }
input, select { font: inherit; padding: 3px 5px; border: 1px solid #b8c0c8; border-radius: 4px; }
label > input:not([type=checkbox]):not([type=file]), label > select { width: 210px; }
.hint, .note { color: var(--muted); font-size: 12px; margin: 2px 0 6px; }
table.rows { width: 100%; border-collapse: collapse; font-size: 13px; }
table.rows th { text-align: left; font-weight: 600; color: var(--muted); font-size: 12px; }
table.rows input, table.rows select { width: 100%; }
table.rows td { padding: 2px 3px 2px 0; }
table.rows td.custom { color: var(--muted); font-size: 12px; white-space: nowrap; }
button { font: inherit; padding: 4px 10px; border: 1px solid #9aa5b1; background: #fff; border-radius: 4px;
  cursor: pointer; }
img.frontier { max-width: 100%; height: auto; }
button.primary { background: var(--accent); color: #fff; border-color: var(--accent); padding: 6px 22px; }
button:disabled { opacity: .5; cursor: default; }
button.remove { border: none; color: var(--muted); padding: 0 4px; }
.actions { margin: 12px 0 8px; display: flex; gap: 10px; }
.downloads { font-size: 12px; color: var(--muted); }
.downloads button { font-size: 12px; padding: 2px 6px; margin: 3px 2px 0 0; }
#results { display: flex; flex-direction: column; gap: 14px; min-width: 0; }
#results > section { padding: 8px 16px 14px; }
#status { padding: 8px 16px; color: var(--muted); }
#error { padding: 10px 16px; color: var(--bad); border-color: var(--bad); background: #fff5f5; font-weight: 600;
  white-space: pre-wrap; }
.headline { font-size: 18px; font-weight: 600; margin: 4px 0; }
.lead-more { color: var(--muted); margin: 4px 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 13px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: right; }
table.data th:first-child, table.data td:first-child, table.data td.text { text-align: left; }
table.data th { color: var(--muted); font-weight: 600; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px;
  vertical-align: -1px; }
svg text { font-family: inherit; }
#bottlenecks { margin: 0; padding-left: 22px; }
@media (max-width: 1000px) { main { grid-template-columns: 1fr; } }
"""#
}
