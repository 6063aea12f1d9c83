// Shared stdin/stdout loop for the peer wrappers: JSON Lines {"id","text"} in, {"id","score"} out.
// Files starting with "_" are not peers (the harness skips them). Output goes out in one write and
// the process ends by itself, so stdout drains before exit as the harness asks.
import { createInterface } from 'node:readline';

export async function serveContract(score) {
  const out = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const { id, text } = JSON.parse(line);
    out.push(JSON.stringify({ id, score: Math.max(-1, Math.min(1, score(text))) }));
  }
  process.stdout.write(out.join('\n') + '\n');
}
