/** The dashboard's stylesheet, served from /dashboard.css (the CSP allows no inline styles). */
export const dashboardCss = `
:root { --bg: #f6f7f9; --card: #fff; --ink: #1d2330; --muted: #667085; --line: #e3e6eb;
  --neg: #c8102e; --pos: #1a7f37; --neu: #646b75; --warn: #b54708; --accent: #2f5bea; }
* { box-sizing: border-box; }
/* main and the lists below set display, which would otherwise beat the hidden attribute. */
[hidden] { display: none !important; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--ink); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 24px; background: var(--ink); color: #fff; }
.bar h1 { font-size: 18px; margin: 0; letter-spacing: .02em; }
.bar .time-zone { font-size: 12px; color: #c9cfdb; }
.key-form { margin-left: auto; display: flex; gap: 6px; align-items: center; font-size: 12px; }
.key-form input { width: 220px; padding: 4px 6px; border-radius: 4px; border: 1px solid #445; background: #2a3142; color: #fff; }
button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid var(--line); background: #fff; cursor: pointer; white-space: nowrap; overflow-wrap: normal; }
button:hover { border-color: var(--accent); }
/* A form whose request is under way (submitOnce in form-helpers-script.ts): pressing again does nothing. */
form[aria-busy="true"] button[type="submit"] { opacity: .6; cursor: progress; }
.bar button { background: #2a3142; color: #fff; border-color: #445; }
.pill { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #445; }
.pill[data-status="ok"] { background: var(--pos); }
.pill[data-status="degraded"] { background: var(--warn); }
.pill[data-status="unavailable"], .pill[data-status="error"] { background: var(--neg); }
.notice { margin: 12px 24px 0; padding: 8px 12px; border-radius: 6px; background: #fff4e5; border: 1px solid #f5c27a; }
/* A page being loaded is laid out, so its charts are drawn at its width, but not seen or clicked (route() in router-script.ts). */
body[data-loaded="loading"] main { visibility: hidden; }
/* Said in its place, so a slow server is not a blank page; after 0.4 s, so a quick load does not flash it. */
.loading { display: none; }
body[data-loaded="loading"] .loading { display: block; opacity: 0; animation: loading-appears 0s .4s forwards; }
@keyframes loading-appears { to { opacity: 1; } }
.load-failure { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: baseline; }
.load-failure p { margin: 0; flex: 1 1 20em; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px; padding: 20px 24px; }
#alerts-section, #attention-section, #sources-section, #webhooks-section { grid-column: 1 / -1; }
#alert-page .crumbs, #alert-summary, #alert-chart-section, #alert-mentions-section, #alert-evidence-section, #alert-deliveries-section, #alert-top-section { grid-column: 1 / -1; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 0; }
/* A topic's name (up to 200 characters, one word if someone types it so) heads its page and its alert's. */
h2 { font-size: 15px; margin: 0 0 10px; overflow-wrap: anywhere; }
h2 small { color: var(--muted); font-weight: normal; }
ul { list-style: none; margin: 0; padding: 0; }
.empty { color: var(--muted); margin: 4px 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.alert { border: 1px solid var(--line); border-left: 4px solid var(--neg); border-radius: 6px; padding: 10px 12px; }
.alert[data-status="acknowledged"] { border-left-color: var(--warn); opacity: .85; }
.alert-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
.alert-title { font-weight: 600; min-width: 0; overflow-wrap: anywhere; }
.alert-meta, .meta { color: var(--muted); font-size: 12px; }
.evidence { margin: 6px 0; padding-left: 0; }
.evidence li { font-size: 13px; padding: 3px 0; border-top: 1px dashed var(--line); overflow-wrap: anywhere; }
.topics li { display: grid; grid-template-columns: minmax(0, 1fr) 180px; gap: 4px 12px; padding: 8px 0; border-top: 1px solid var(--line); }
.topics li:first-child { border-top: 0; }
.topic-name { font-weight: 600; overflow-wrap: anywhere; }
.topic-query { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
.spark { width: 180px; height: 36px; grid-row: 1 / span 3; grid-column: 2; }
.spark .all { fill: none; stroke: var(--accent); stroke-width: 1.5; }
.spark .neg { fill: none; stroke: var(--neg); stroke-width: 1.5; }
.filters { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 8px; font-size: 13px; }
/* A select is as wide as its longest option, a topic's name: it stops at its box and cuts the name instead. */
select { max-width: 100%; }
.filters label { min-width: 0; max-width: 100%; }
.mentions { max-height: 720px; overflow-y: auto; }
.mentions li { padding: 8px 0; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
.mention-title { font-weight: 600; }
.mention-text { margin: 2px 0; color: #333a48; }
.relabel-line { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 2px; }
.relabel { font: inherit; font-size: 12px; padding: 1px 4px; }
.relabel-error { font-size: 12px; color: var(--neg); font-weight: 600; }
.label { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; color: #fff; background: var(--neu); margin-right: 6px; }
.label[data-label="negative"] { background: var(--neg); }
.label[data-label="positive"] { background: var(--pos); }
.sources { width: 100%; border-collapse: collapse; font-size: 13px; }
.sources th { white-space: nowrap; }
.sources th, .sources td { text-align: left; padding: 6px 8px; border-top: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
.sources td[data-status="failing"] { color: var(--neg); font-weight: 600; }
.sources td[data-status="ok"] { color: var(--pos); }
.sources td[data-status="partial"], .sources td[data-status="needs credentials"] { color: var(--warn); font-weight: 600; }
.sources td[data-status="deleting"] { color: var(--muted, #777); font-style: italic; }
.instances { margin: .2rem 0 0; padding-left: 1rem; }
a { color: var(--accent); }
h3 { font-size: 13px; margin: 10px 0 4px; }
h3 small { color: var(--muted); font-weight: normal; }
a.alert-title { color: inherit; text-decoration: none; }
a.alert-title:hover { text-decoration: underline; }
.feedback { margin: 6px 0; padding: 6px 10px; border-radius: 6px; border: 1px solid var(--line); }
.feedback[data-kind="ok"] { background: #ecfdf3; border-color: #a6e3bd; }
.feedback[data-kind="warn"] { background: #fff4e5; border-color: #f5c27a; }
.feedback[data-kind="error"] { background: #fef0f0; border-color: #f3a6a6; color: var(--neg); }
.rows li { padding: 6px 0; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
.rows li:first-child { border-top: 0; }
.row-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
/* Beside a long feed URL the buttons keep their width; the URL wraps instead. */
.row-head > :first-child { min-width: 0; }
.row-head .row-actions { flex-shrink: 0; }
#attention-section[data-count]:not([data-count="0"]) { border-color: #f3a6a6; }
.schedule[data-backoff="rate-limited"], .schedule[data-backoff="backoff"], .missing-credentials { color: var(--warn); font-weight: 600; }
.optional-credentials { color: var(--muted); }
.query-problem { color: var(--neg); font-weight: 600; font-size: 12px; }
.limits details { font-size: 12px; }
.limits summary { cursor: pointer; color: var(--muted); }
.crumbs { font-size: 13px; }
.alert-head-line { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; margin-bottom: 8px; }
.alert-head-line .pill { color: #fff; }
.pill[data-severity="critical"], .pill[data-status="open"] { background: var(--neg); }
.pill[data-severity="warning"], .pill[data-status="acknowledged"] { background: var(--warn); }
.pill[data-status="resolved"] { background: var(--pos); }
.actions { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; font-size: 13px; }
/* "Snooze <topic> notifications", "snoozed until … (<reason>)": a name or reason without spaces wraps. */
.actions > .meta, .actions > label { min-width: 0; overflow-wrap: anywhere; }
.facts { display: grid; grid-template-columns: fit-content(16em) minmax(0, 1fr); gap: 4px 16px; margin: 0; font-size: 13px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.facts dd[data-flag="partial"], .facts dd[data-flag="one-author"] { color: var(--warn); font-weight: 600; }
.pickup { padding-left: 0; }
.pickup li { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; }
.pickup .pickup-time, .source-kind { color: var(--muted); font-size: 12px; }
.source-kind { font-family: ui-monospace, monospace; }
.pickup-title { flex-basis: 100%; }
.term { margin-right: 8px; }
.attempts { width: 100%; border-collapse: collapse; font-size: 12px; margin-top: 4px; }
.attempts th, .attempts td { text-align: left; padding: 3px 6px; border-top: 1px solid var(--line); vertical-align: top; }
/* Headings and short cells break between words only; a receiver's error text (the sixth column) anywhere. */
.attempts th { white-space: nowrap; }
.attempts td { overflow-wrap: normal; }
.attempts td:nth-child(2) { white-space: nowrap; }
.attempts td:nth-child(6) { overflow-wrap: anywhere; min-width: 8em; }
.attempts tr[data-outcome="delivered"] td:nth-child(3) { color: var(--pos); }
.attempts tr[data-outcome="rejected"] td:nth-child(3), .attempts tr[data-outcome="retry"] td:nth-child(3) { color: var(--neg); }
#topic-page > * { grid-column: 1 / -1; }
a.topic-name { color: inherit; text-decoration: none; }
a.topic-name:hover { text-decoration: underline; }
.create-form, .edit-form, .settings-form { margin-top: 12px; padding-top: 8px; border-top: 1px solid var(--line); }
.edit-form, .settings-form { margin-top: 0; padding-top: 0; border-top: 0; }
.field { display: grid; grid-template-columns: 10em minmax(0, 1fr); gap: 2px 12px; align-items: baseline; margin: 6px 0; font-size: 13px; }
.field > label { font-weight: 600; }
.field > input, .field > select, .field > textarea, .field > span:not(.allowed) { grid-column: 2; justify-self: start; max-width: 100%; }
.field input:not([type="checkbox"]), .field select, .field textarea { font: inherit; padding: 3px 6px; border: 1px solid var(--line); border-radius: 4px; }
.field .query-input, .field textarea, .field .wide { width: 36em; max-width: 100%; font-family: ui-monospace, monospace; font-size: 12px; }
.field input.number { width: 8em; }
.field .allowed, .field .help, .field .field-error { grid-column: 2; margin: 0; font-size: 12px; }
.field .allowed { color: var(--muted); font-family: ui-monospace, monospace; }
.field .help { color: var(--muted); }
.field .field-error { color: var(--neg); font-weight: 600; }
/* The lexicon's problems, one a line, each with its line number. */
.field[data-field="overrides"] .field-error { white-space: pre-line; }
.field[data-invalid] input, .field[data-invalid] select, .field[data-invalid] textarea { border-color: var(--neg); }
.kinds label, .quiet-hours label { margin-right: 10px; white-space: nowrap; }
.row-actions, .confirm { display: inline-flex; flex-wrap: wrap; gap: 4px; align-items: baseline; }
.confirm-question { color: var(--neg); font-size: 12px; }
button.danger, button.confirm-yes { border-color: var(--neg); color: var(--neg); }
.source-scope { margin-top: 2px; }
.webhook-filters { margin-top: 2px; }
/* Four buttons are wider than a phone: they go under the name and wrap, rather than push the page wider. */
#webhooks .row-head { flex-wrap: wrap; }
#webhooks .row-head .row-actions { flex-shrink: 1; }
/* A secret shown once: the whole value in sight to copy, never cut off on a phone. */
.secret-box { display: grid; grid-template-columns: minmax(0, 1fr); gap: 4px; margin: 6px 0; padding: 6px 10px; border: 1px solid #f5c27a; border-radius: 6px; background: #fff4e5; font-size: 13px; }
.secret-box input.secret { font: 12px ui-monospace, monospace; padding: 3px 6px; width: 36em; max-width: 100%; }
.field select[multiple] { min-width: 14em; }
.chart svg.week { width: 100%; max-width: 900px; height: auto; display: block; }
.week .all { fill: none; stroke: var(--accent); stroke-width: 1.2; }
.week .neg { fill: none; stroke: var(--neg); stroke-width: 1.2; }
.week .midnight { stroke: var(--line); stroke-width: 1; }
.week .day { fill: var(--muted); font-size: 10px; }
.week .pos { fill: none; stroke: var(--pos); stroke-width: 1.2; }
.surge .window { fill: var(--accent); fill-opacity: .08; }
.week .alert-span rect { fill: var(--accent); fill-opacity: .1; }
.week .alert-span[data-kind="backlash"] rect { fill: var(--neg); }
.week .alert-span[data-kind="positive-surge"] rect { fill: var(--pos); }
.week .alert-span:hover rect, .week .alert-span:focus rect { fill-opacity: .25; }
.surge .week-before { fill: none; stroke: var(--neu); stroke-width: 1; stroke-opacity: .7; }
.surge .usual { stroke: var(--muted); stroke-width: 1.2; stroke-dasharray: 4 3; }
.surge .usual-band { fill: var(--muted); fill-opacity: 0.16; stroke: none; }
.surge .marker { stroke: var(--ink); stroke-width: 1; stroke-opacity: .5; }
.preview-summary { font-size: 13px; }
.preview-columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
/* The numbers sit outside each item: room for them inside the card (three digits); "No alert." is not one. */
.preview-list { padding-left: 2.5em; }
.preview-list li.empty { list-style: none; }
.preview-list .pill { color: #fff; }
.preview-list li[data-diff="only"] { border-left: 3px solid var(--warn); padding-left: 6px; }
.diff-mark { color: var(--warn); font-size: 12px; font-weight: 600; }
@media (max-width: 800px) { main { grid-template-columns: minmax(0, 1fr); } .preview-columns { grid-template-columns: minmax(0, 1fr); } .field { grid-template-columns: minmax(0, 1fr); } .field > * { grid-column: 1 !important; }
  /* Alert links are opened from Slack and Discord on phones: nothing may be wider than the screen. */
  table.sources, table.attempts { display: block; overflow-x: auto; } .sources td:first-child { min-width: 12em; }
  .key-form { margin-left: 0; flex: 1 1 100%; }
  .key-form input { flex: 1; width: auto; min-width: 0; } }
@media (max-width: 560px) { main { padding: 12px; gap: 12px; } .bar { padding: 10px 12px; }
  .facts { grid-template-columns: minmax(0, 1fr); } .facts dd { margin-bottom: 6px; }
  .cards { grid-template-columns: minmax(0, 1fr); }
  .topics li { grid-template-columns: minmax(0, 1fr); } .spark { grid-row: auto; grid-column: 1; } }
`;
