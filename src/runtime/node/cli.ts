// The command line: `npm run -s earshot -- <command> [args]`. Each command lives in its own module,
// loaded on demand so that `score` and `detect` start without opening a database or a server.
import type { CommandIo } from './commands/command-io';

type CommandModule = { run(args: string[], io: CommandIo): Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  serve: () => import('./commands/serve-command'),
  migrate: () => import('./commands/migrate-command'),
  jobs: () => import('./commands/jobs-command'),
  score: () => import('./commands/score-command'),
  detect: () => import('./commands/detect-command'),
  replay: () => import('./commands/replay-command'),
  backup: () => import('./commands/backup-command'),
  restore: () => import('./commands/restore-command'),
};

const usage = `usage: earshot <command>

  serve              serve the API and dashboard, run the jobs on their schedule
  migrate            create or upgrade the database, then exit
  jobs --once        run every due job once (crawl, rescore, purge, detect, deliver), print a JSON
       [--force]     report, exit; --force treats every enabled source as due now
  score              JSON Lines {"id","text"} on stdin → {"id","score","label"} on stdout
  detect --input F [--settings FILE]
                     CSV timestamp,value → CSV timestamp,value,alert on stdout
  replay --topic ID --from DATE --to DATE [--settings FILE] [--json]
                     list the alerts the detector would have fired on stored history
  backup --to FILE   a consistent copy of the database, taken while Earshot runs
  restore --from FILE
                     put a backup in place of the database (Earshot stopped; the old one is kept)
`;

const isHelp = (arg: string) => arg === '--help' || arg === '-h' || arg === 'help';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  // Help asked for, before any command runs: `serve --help` must not start a server, nor `migrate --help` migrate.
  if (name === undefined || isHelp(name) || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`unknown command: ${name}\n\n${usage}`);
    return 2;
  }
  const command = await load();
  return command.run(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`earshot: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
