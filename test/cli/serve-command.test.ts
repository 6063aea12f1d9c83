import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { earshotCli } from '../support/run-earshot-cli';

const root = new URL('../..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, attempts = 100): Promise<T> {
  for (let i = 0; i < attempts; i += 1) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not come up');
}

async function withTakenPort(body: (port: number) => Promise<void>): Promise<void> {
  const taken = createServer().listen(0, '127.0.0.1');
  await once(taken, 'listening');
  try {
    await body((taken.address() as { port: number }).port);
  } finally {
    taken.close();
  }
}

describe('earshot serve', () => {
  it('serves health and the keyed API, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const key = 'test-key-0123456789abcdef';
    const child = spawn(process.execPath, ['bin/earshot.mjs', 'serve'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', EARSHOT_DB: join(mkdtempSync(join(tmpdir(), 'earshot-serve-')), 'e.db'), EARSHOT_PORT: String(port), EARSHOT_API_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const base = `http://127.0.0.1:${port}`;
    const health = await waitFor(async () => {
      const res = await fetch(`${base}/health`);
      return res.ok ? res : undefined;
    });
    expect(health.status).toBe(200);
    expect((await fetch(`${base}/api/topics`)).status).toBe(401);
    const created = await fetch(`${base}/api/topics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme', query: 'acme OR "acme corp"' }),
    });
    expect(created.status).toBe(201);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('shutting down');
    expect(stderr).not.toContain(key);
  });

  it('names the port when it is already in use (a second npm start), exit 1 and no stack trace', async () => {
    await withTakenPort(async (port) => {
      const result = await earshotCli(['serve'], { EARSHOT_DB: ':memory:', EARSHOT_PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`earshot: cannot listen on 127.0.0.1:${port}: the port is already in use (another Earshot, or another program): stop it or set EARSHOT_PORT`);
      expect(result.stderr).not.toMatch(/internal error|node:events|\n\s+at /);
    });
  });

  // On a taken port, a server that started anyway shows as "cannot listen" instead of hanging the test.
  it.each([
    ['an argument, refused', ['serve', '--port', '9000'], 2, 'stderr', 'serve: takes no arguments, got "--port"\nusage: earshot serve'],
    ['--help, with the usage on stdout', ['serve', '--help'], 0, 'stdout', 'usage: earshot <command>'],
  ] as const)('answers %s, without starting', async (_case, args, status, stream, text) => {
    await withTakenPort(async (port) => {
      const result = await earshotCli([...args], { EARSHOT_DB: ':memory:', EARSHOT_PORT: String(port) });
      expect(result.status, result.stderr).toBe(status);
      expect(result[stream]).toContain(text);
    });
  });

  // The config accepts [::1] as a loopback binding, as a URL writes it; listen wants it without brackets.
  it('listens on EARSHOT_HOST=[::1], and logs the URL to open', async (ctx) => {
    const probe = createServer().listen(0, '::1');
    const bindable = await Promise.race([once(probe, 'listening').then(() => true), once(probe, 'error').then(() => false)]);
    if (!bindable) ctx.skip();
    const { port } = probe.address() as { port: number };
    probe.close();
    const child = spawn(process.execPath, ['bin/earshot.mjs', 'serve'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', EARSHOT_DB: ':memory:', EARSHOT_HOST: '[::1]', EARSHOT_PORT: String(port) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const health = await Promise.race([
        waitFor(async () => ((await fetch(`http://[::1]:${port}/health`)).ok ? true : undefined)),
        exited.then(() => Promise.reject(new Error(`serve exited: ${stderr}`))),
      ]);
      expect(health).toBe(true);
      expect(stderr).toContain(`"url":"http://[::1]:${port}/"`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
