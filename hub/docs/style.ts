/** The reference's only stylesheet, inlined in every page so that the pages work from disk. */
export const STYLE = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6676; --line: #d9dee6; --accent: #0b5cad; --bg: #f7f9fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
nav.top { position: sticky; top: 0; background: var(--ink); color: #fff; padding: .6rem 1.5rem; z-index: 1; }
nav.top a { color: #fff; text-decoration: none; margin: 0 .15rem; }
main { max-width: 1180px; margin: 0 auto; padding: 1.5rem; }
h1 .ns, h3 .kind { font-size: .55em; font-weight: normal; color: var(--muted); margin-left: .5rem; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .88em; }
pre { background: var(--bg); border: 1px solid var(--line); padding: .75rem; overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
table.tree td:first-child { white-space: nowrap; }
tr.choice td { color: var(--muted); }
ul.enum { margin: .25rem 0; padding-left: 1.1rem; }
section.operation { border-top: 2px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
section.type { border-top: 1px solid var(--line); margin-top: 1.25rem; }
ul.toc { columns: 2; }
.retry { color: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
dl.facts ul { margin: 0; padding-left: 1rem; }
details summary { cursor: pointer; font-weight: 600; margin: .25rem 0; }
`;
