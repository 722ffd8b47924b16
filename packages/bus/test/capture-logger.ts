import type { BusLogger } from '../src';

export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly context: object;
  readonly message: string;
}

export interface CaptureLogger extends BusLogger {
  readonly entries: LogEntry[];
  messages(level: LogEntry['level']): string[];
}

/** A BusLogger that remembers what it was told, for assertions. */
export function createCaptureLogger(): CaptureLogger {
  const entries: LogEntry[] = [];
  const log = (level: LogEntry['level']) => (context: object, message: string) => {
    entries.push({ level, context, message });
  };
  return {
    entries,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    messages: (level) => entries.filter((e) => e.level === level).map((e) => e.message),
  };
}
