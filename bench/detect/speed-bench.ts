// `npm run bench:detect` (part 2): 1,000 topics x 30 days of 5-minute buckets, run incrementally
// as the crawl job does: per run and topic, parse the stored state JSON, evaluate the new buckets
// (plus the last 3 again, as late items revise them), serialise the state. The first 29 days are
// seeded in one call per topic (what the job does for a topic without state); the last day is
// then run every 5 minutes: 288 job runs. Printed against a plain scan of the same buckets.
import { BUCKET_MS } from '../../src/domain/bucket';
import { defaultDetectorSettings } from '../../src/detection/detector-settings';
import { evaluateTopic, type DetectionBucket } from '../../src/detection/evaluate-topic';
import type { DetectorState } from '../../src/detection/detector-state';

const TOPICS = Number(process.env.BENCH_TOPICS ?? 1000);
const DAYS = 30;
const PER_DAY = 86_400_000 / BUCKET_MS;
const START = Date.UTC(2026, 0, 5);
const REVISED = 3;

/** Deterministic counts without storing 1,000 x 8,640 buckets: a hash of (topic, bucket). */
function bucketOf(topic: number, index: number): DetectionBucket {
  const hour = (index % PER_DAY) / (PER_DAY / 24);
  const level = (1 + (topic % 50)) * (0.6 + 0.4 * Math.sin(((hour - 6) / 24) * 2 * Math.PI));
  const noise = hash(topic * 1_000_003 + index);
  const count = Math.floor(level * (0.5 + noise));
  const negative = Math.floor(count * 0.2 * (0.5 + hash(index * 7 + topic)));
  return { bucketStart: START + index * BUCKET_MS, count, negative, positive: Math.floor(count * 0.3) };
}

function hash(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) / 4_294_967_296;
}

function range(topic: number, from: number, to: number): DetectionBucket[] {
  const out: DetectionBucket[] = [];
  for (let i = Math.max(0, from); i < to; i++) out.push(bucketOf(topic, i));
  return out;
}

function main(): void {
  const settings = defaultDetectorSettings;
  const seedEnd = (DAYS - 1) * PER_DAY;
  const stored: string[] = [];
  let peakRss = process.memoryUsage().rss;
  const seedStarted = performance.now();
  for (let t = 0; t < TOPICS; t++) {
    const { state } = evaluateTopic({ buckets: range(t, 0, seedEnd), state: null, settings, now: START + seedEnd * BUCKET_MS });
    stored.push(JSON.stringify(state));
  }
  const seedMs = performance.now() - seedStarted;
  const runs: number[] = [];
  const scans: number[] = [];
  let events = 0;
  let checksum = 0;
  for (let i = seedEnd + 1; i <= DAYS * PER_DAY; i++) {
    const now = START + i * BUCKET_MS;
    const scanStarted = performance.now();
    for (let t = 0; t < TOPICS; t++) for (const b of range(t, i - 1 - REVISED, i)) checksum += b.count + b.negative;
    scans.push(performance.now() - scanStarted);
    const started = performance.now();
    for (let t = 0; t < TOPICS; t++) {
      const state = JSON.parse(stored[t] as string) as DetectorState;
      const result = evaluateTopic({ buckets: range(t, i - 1 - REVISED, i), state, settings, now });
      events += result.events.length;
      stored[t] = JSON.stringify(result.state);
    }
    runs.push(performance.now() - started);
    if (i % 24 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  report({ seedMs, runs, scans, events, peakRss, stateBytes: stored.reduce((a, s) => a + s.length, 0), checksum });
}

function report(r: { seedMs: number; runs: number[]; scans: number[]; events: number; peakRss: number; stateBytes: number; checksum: number }): void {
  const sorted = [...r.runs].sort((a, b) => a - b);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(r.runs) / Math.max(1e-6, mean(r.scans));
  const lines = [
    `speed: ${TOPICS} topics x ${DAYS} days of 5-minute buckets (${(TOPICS * DAYS * PER_DAY).toLocaleString('en')} buckets)`,
    `  seed 29 days per topic (one call each):   ${(r.seedMs / 1000).toFixed(2)} s total, ${(r.seedMs / TOPICS).toFixed(2)} ms per topic`,
    `  incremental job runs (every 5 min, day 30): ${r.runs.length} runs, ${r.events} events`,
    `    per run: mean ${mean(r.runs).toFixed(0)} ms, p99 ${(sorted[Math.floor(sorted.length * 0.99)] ?? 0).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? 0).toFixed(0)} ms  (target < 1000 ms)`,
    `    plain scan of the same buckets: mean ${mean(r.scans).toFixed(1)} ms per run -> detector = ${ratio.toFixed(0)}x a plain scan`,
    `  stored state: ${(r.stateBytes / TOPICS / 1024).toFixed(1)} KiB per topic as JSON`,
    `  peak RSS: ${(r.peakRss / 1048576).toFixed(0)} MB (target < 300 MB)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
