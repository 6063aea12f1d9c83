// `npm run demo [-- --once]`: replays the FundSpark backlash end to end on loopback with the real
// crawl, detect and deliver jobs over simulated time, prints a report, then serves the API to browse.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDueJobs } from '../jobs/run-due-jobs';
import { parseConfig } from '../src/config/parse-config';
import { applySeed } from '../src/runtime/apply-seed';
import { createJsonLogger } from '../src/runtime/logger';
import { buildNodeDeps } from '../src/runtime/node/build-node-deps';
import { ListenError, startNodeServer, type RunningServer } from '../src/runtime/node/start-node-server';
import { countMentions } from '../src/storage/mention-store';
import { listAlerts } from '../src/storage/alert-store';
import { BUCKET, buildScenario, FEEDS, SCENARIO_END, SCENARIO_START, SURGE_END, SURGE_START, TOPIC } from './backlash-scenario';
import { startDemoFeedServer } from './demo-feed-server';
import { startWebhookReceiver } from './webhook-receiver';

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;
const clock = (t: number) => new Date(t).toISOString().slice(11, 16);

async function main(argv: string[]): Promise<number> {
  const once = argv.includes('--once');
  const items = buildScenario();
  const feeds = await startDemoFeedServer(items);
  const receiver = await startWebhookReceiver();
  const dbPath = join(mkdtempSync(join(tmpdir(), 'earshot-demo-')), 'demo.db');
  const parsed = parseConfig({ ...process.env, EARSHOT_DB: dbPath, EARSHOT_ALLOW_PRIVATE_URLS: 'true', EARSHOT_CONFIG: undefined });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const config = parsed.config;
  const log = createJsonLogger((line) => process.stderr.write(line + '\n'), 'warn');
  const runtime = await buildNodeDeps(config, SCENARIO_START, { log });
  const seed = {
    topics: [TOPIC],
    sources: FEEDS.map((f) => ({ kind: 'rss' as const, url: feeds.baseUrl + f.path, name: f.title })),
    webhooks: [{ url: receiver.url }],
  };
  await applySeed(runtime.deps.db, seed, SCENARIO_START);

  let alertFiredAt: number | null = null;
  for (let now = SCENARIO_START; now <= SCENARIO_END; now += BUCKET) {
    feeds.setNow(now);
    // --force: in simulated time every tick is a crawl, as if sources were due every five minutes.
    const report = await runDueJobs(runtime.deps, now, { force: true });
    if (report.detect.opened > 0 && alertFiredAt === null) alertFiredAt = now;
  }

  const alerts = await listAlerts(runtime.deps.db, { limit: 10 });
  const stored = await countMentions(runtime.deps.db);
  const opened = receiver.received.filter((r) => (r.json as { type?: string } | null)?.type === 'alert.opened');
  const surgeItems = items.filter((i) => i.publishedAt >= SURGE_START && i.publishedAt < SURGE_END).length;
  const withinSurge = alertFiredAt !== null && alertFiredAt >= SURGE_START && alertFiredAt < SURGE_END;
  const out = process.stdout;
  out.write(`\nEarshot demo: the FundSpark backlash, replayed over ${minutes(SCENARIO_END - SCENARIO_START)} of simulated time\n`);
  out.write(`  feeds served on ${feeds.baseUrl} (${FEEDS.length} feeds, ${feeds.requests} requests)\n`);
  out.write(`  mentions published: ${items.length} (${surgeItems} during the surge); stored and scored: ${stored}\n`);
  out.write(`  surge: ${clock(SURGE_START)}–${clock(SURGE_END)} UTC\n`);
  for (const alert of alerts) {
    out.write(
      `  alert #${alert.id} ${alert.kind} [${alert.severity}] ${alert.status}: observed ${alert.evidence.observed} vs ${Number(alert.evidence.expected).toFixed(2)} expected` +
        ` in ${clock(alert.evidence.windowStart)}–${clock(alert.evidence.windowEnd)}; opened ${clock(alert.openedAt)}${alert.resolvedAt ? `, resolved ${clock(alert.resolvedAt)}` : ''}\n`,
    );
    const peak = alert.evidence['peak'] as { observed: number; expected: number; windowStart: number; windowEnd: number } | undefined;
    if (peak) out.write(`    at its peak: ${peak.observed} vs ${peak.expected.toFixed(2)} expected in ${clock(peak.windowStart)}–${clock(peak.windowEnd)}\n`);
    for (const m of alert.evidence.topMentions.slice(0, 3)) {
      const copies = m.copies ? `  (posted ${m.copies}${m.copiesAtLeast ? '+' : ''} times)` : '';
      out.write(`      ${m.sentimentScore.toFixed(2)}  ${m.excerpt.slice(0, 90)}${copies}\n`);
    }
    const terms = (alert.evidence['terms'] as { term: string }[] | undefined) ?? [];
    if (terms.length > 0) out.write(`    its words: ${terms.map((t) => t.term).join(', ')}\n`);
    const path = (alert.evidence['firstMentions'] as { at: number; publishedAt: number | null; source: { name: string } }[] | undefined) ?? [];
    if (path.length > 0) out.write(`    pickup path: ${path.slice(0, 4).map((m) => `${m.source.name} ${clock(m.publishedAt ?? m.at)}`).join(' → ')}\n`);
  }
  out.write(
    alertFiredAt === null
      ? '  no alert fired: the detector missed the surge\n'
      : `  alert fired ${minutes(alertFiredAt - SURGE_START)} after the surge began (${withinSurge ? 'within' : 'outside'} the surge)\n`,
  );
  out.write(`  webhook receiver got ${receiver.received.length} event(s): ${receiver.received.map((r) => (r.json as { type?: string }).type).join(', ')}\n`);
  await runtime.close();

  const ok = withinSurge && opened.length === 1;
  if (once) {
    await Promise.all([feeds.close(), receiver.close()]);
    return ok ? 0 : 1;
  }
  let server: RunningServer;
  try {
    server = await startNodeServer(config, { runJobs: false });
  } catch (error) {
    // The feed server and receiver would otherwise keep the process up after the report.
    await Promise.all([feeds.close(), receiver.close()]);
    throw error;
  }
  out.write(`\nBrowse the API and dashboard at http://${config.EARSHOT_HOST}:${server.port}/ (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
  await Promise.all([feeds.close(), receiver.close()]);
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A port in use is the operator's to change (EARSHOT_PORT), not a bug: its message alone.
    process.stderr.write(`demo failed: ${error instanceof ListenError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
