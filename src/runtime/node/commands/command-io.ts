import type { Readable, Writable } from 'node:stream';

/** What a command may touch of its process, passed in so tests can run commands in-process. */
export interface CommandIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}
