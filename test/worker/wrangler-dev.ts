/**
 * `wrangler dev` (the same command as `npm run dev:edge`) as a child process: the Worker in workerd
 * with a local D1 in a temp folder, HTTP and inspector on 127.0.0.1 only, cron triggers reachable
 * at /__scheduled. stop() ends the process group this module started (wrangler and its workerd) by
 * id, and waits for it.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface WranglerDev {
  origin: string;
  /** wrangler's and the Worker's console output so far, for failure messages and log assertions. */
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface WranglerDevOptions {
  /** Another entry module instead of wrangler.toml's main (a probe Worker), with the same flags and bindings. */
  script?: string;
  timeoutMs?: number;
  /**
   * SQL run on the Worker's local D1 before it starts (`wrangler d1 execute --local`, the same state
   * folder): what a deployed D1 already holds, such as the migrations of a newer version.
   */
  d1Sql?: string;
}

/** Runs `sql` on the local D1 that `wrangler dev --persist-to state` then opens (wrangler.toml's binding). */
async function executeOnLocalD1(state: string, sql: string): Promise<void> {
  const file = path.join(state, 'before-start.sql');
  await writeFile(file, sql);
  const args = [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'd1', 'execute', 'earshot', '--local', '--persist-to', state, '--file', file];
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: root, timeout: 90_000, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' } },
      (error, stdout, stderr) => (error ? reject(new Error(`wrangler d1 execute failed: ${error.message}\n${stdout}${stderr}`)) : resolve()),
    );
  });
}

export async function startWranglerDev(vars: Record<string, string>, options: WranglerDevOptions = {}): Promise<WranglerDev> {
  // Generous: under the full suite two test files start workerd while the other tests hold both cores.
  const timeoutMs = options.timeoutMs ?? 90_000;
  const state = await mkdtemp(path.join(tmpdir(), 'earshot-wrangler-'));
  if (options.d1Sql !== undefined) {
    try {
      await executeOnLocalD1(state, options.d1Sql);
    } catch (error) {
      await rm(state, { recursive: true, force: true });
      throw error;
    }
  }
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    path.join(root, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    ...(options.script ? [options.script] : []),
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--test-scheduled',
    '--persist-to', state,
    '--show-interactive-dev-session=false',
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await waitForGroupToEnd(child.pid);
    }
    await rm(state, { recursive: true, force: true });
  };
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output}`);
    }
    if (/Ready on http/.test(output)) {
      try {
        await fetch(`${origin}/health`);
        break;
      } catch {
        // not accepting yet
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not start in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { origin, output: () => output, stop };
}

/** workerd runs in wrangler's process group: wait until none of the group is left (up to 5 s, then kill what remains). */
async function waitForGroupToEnd(pgid: number): Promise<void> {
  for (let waited = 0; waited < 5_000; waited += 100) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}
