/** One-line JSON logs to stderr (stdout is for the start-up block); tests pass a recording logger. */
export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export function consoleLogger(): Logger {
  const write = (level: string) => (message: string, extra?: Record<string, unknown>) =>
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, message, ...extra })}\n`);
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

export interface RecordingLogger extends Logger {
  lines: { level: string; message: string; extra?: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const rec = (level: string) => (message: string, extra?: Record<string, unknown>) => lines.push({ level, message, extra });
  return { lines, info: rec('info'), warn: rec('warn'), error: rec('error') };
}
