export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

/** Structured logs, one JSON object a line. Callers never pass secrets or full webhook URLs. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createJsonLogger(write: (line: string) => void, minLevel: LogLevel = 'info', clock: () => number = Date.now): Logger {
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (order[level] < order[minLevel]) return;
    // Fields first: a field named like a core key must not overwrite it.
    write(JSON.stringify({ ...fields, time: new Date(clock()).toISOString(), level, message }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
