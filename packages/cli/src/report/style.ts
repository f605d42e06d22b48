// One stylesheet, inlined: the report is a single file read offline, so nothing may be fetched (system fonts
// only). Colours are custom properties so that dark mode is one block.
export const STYLESHEET = `
:root {
  color-scheme: light dark;
  --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --panel: #f6f8fa; --line: #d0d7de;
  --duration: #0a5bd8; --band: rgba(10, 91, 216, 0.16); --cost: #b35900;
  --measured: #6e40c9; --recommended: #1a7f37; --recommended-band: rgba(26, 127, 55, 0.16);
  --floor: rgba(207, 34, 46, 0.12); --parallelism: #57606a;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9da7b3; --bg: #0d1117; --panel: #161b22; --line: #30363d;
    --duration: #58a6ff; --band: rgba(88, 166, 255, 0.2); --cost: #f0883e;
    --measured: #bc8cff; --recommended: #3fb950; --recommended-band: rgba(63, 185, 80, 0.2);
    --floor: rgba(248, 81, 73, 0.16); --parallelism: #9da7b3;
  }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 16px; background: var(--bg); color: var(--fg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 900px; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.25rem; overflow-wrap: anywhere; }
p, li { overflow-wrap: anywhere; }
.muted { color: var(--muted); }
figure { margin: 1rem 0; }
.chart { display: block; width: 100%; height: auto; max-width: 760px; }
.chart text { font-size: 13px; fill: var(--fg); font-family: inherit; }
.chart .axis-label { font-size: 14px; font-weight: 600; }
.chart .annotation { font-size: 13px; }
/* The SVG shrinks with its box: on a phone its text is drawn larger, in chart units, to stay readable. */
@media (max-width: 600px) {
  .chart text, .chart .annotation { font-size: 19px; }
  .chart .axis-label { font-size: 18px; }
}
.axis line { stroke: var(--muted); stroke-width: 1; }
.axis .grid { stroke: var(--line); }
.floor { fill: var(--floor); }
.recommended-band { fill: var(--recommended-band); }
.band-p95 { fill: var(--band); stroke: none; }
.curve-duration { fill: none; stroke: var(--duration); stroke-width: 2.5; }
.curve-cost { fill: none; stroke: var(--cost); stroke-width: 2; stroke-dasharray: 6 4; }
.point-duration { fill: var(--duration); stroke: var(--bg); stroke-width: 1.5; }
.point-cost { fill: var(--cost); stroke: var(--bg); stroke-width: 1.5; }
.point-duration.recommended, .point-cost.recommended { fill: var(--recommended); stroke: var(--fg); stroke-width: 2; }
.measured { stroke: var(--measured); stroke-width: 1.5; stroke-dasharray: 3 3; }
.observed-spread, .observed-p95 { stroke: var(--measured); stroke-width: 2.5; }
.observed-p50 { fill: var(--measured); }
.parallelism { stroke: var(--parallelism); stroke-width: 1.5; stroke-dasharray: 1 4; stroke-linecap: round; }
.chart .measured-label { fill: var(--measured); }
.chart .recommended-label { fill: var(--recommended); font-weight: 700; }
.chart .parallelism-label { fill: var(--muted); }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding: 0; margin: 0.5rem 0 0; list-style: none;
  font-size: 0.875rem; }
.swatch { display: inline-block; width: 1.5em; height: 0.8em; margin-right: 0.35em; vertical-align: middle;
  border-radius: 2px; }
.swatch-duration { background: var(--duration); height: 3px; }
.swatch-band { background: var(--band); }
.swatch-cost { border-top: 2px dashed var(--cost); height: 0; }
.swatch-measured { background: var(--measured); width: 0.8em; transform: rotate(45deg) scale(0.8); }
.swatch-recommended { background: var(--recommended-band); border: 2px solid var(--recommended); }
.swatch-floor { background: var(--floor); }
.swatch-parallelism { border-top: 2px dotted var(--parallelism); height: 0; }
.verdict { font-weight: 600; }
.table-scroll { max-width: 100%; overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding: 0.5rem 0.75rem; color: var(--muted); }
th, td { padding: 0.35rem 0.75rem; text-align: right; white-space: nowrap; border-top: 1px solid var(--line); }
th:last-child, td:last-child { text-align: left; }
thead th { background: var(--panel); }
tr.recommended td { background: var(--recommended-band); font-weight: 600; }
tr.below-floor td { color: var(--muted); }
`
