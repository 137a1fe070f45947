import pino, { type Logger } from 'pino'
import pinoPretty from 'pino-pretty'

export type { Logger }

/**
 * Structured logs (pino) to stderr, so the CLI's own output on stdout stays readable.
 * Message text and tokens are never logged at the default level: log ids and kinds, and put
 * text only in debug records. The redact list is the safety net for fields that slip through.
 */
export function createLogger(level: string = 'info', destination?: pino.DestinationStream, pretty = false): Logger {
  // On a terminal, one readable line per record; piped (systemd, docker), JSON lines for the collector.
  const stream = destination ?? (pretty ? prettyStream() : pino.destination(2))
  return pino(options(level), stream)
}

/** Logs to a file (the demo: its terminal is for the merchant's conversation). */
export function createFileLogger(level: string, file: string): Logger {
  return pino(options(level), pino.destination({ dest: file, mkdir: true, sync: true }))
}

function options(level: string): pino.LoggerOptions {
  return {
    level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'text', '*.text', 'config.token', 'env.WECHATY_PUPPET_SERVICE_TOKEN'],
      censor: '[redacted]',
    },
  }
}

function prettyStream(): pino.DestinationStream {
  return pinoPretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' })
}

export const silentLogger: Logger = pino({ level: 'silent' })
