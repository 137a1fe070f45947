import pino, { type Logger } from 'pino'

export type { Logger }

/**
 * Structured logs (pino) to stderr, so the CLI's own output on stdout stays readable.
 * Message text and tokens are never logged at the default level: log ids and kinds, and put
 * text only in debug records. The redact list is the safety net for fields that slip through.
 */
export function createLogger(level: string = 'info', destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: ['token', '*.token', 'text', '*.text', 'config.token', 'env.WECHATY_PUPPET_SERVICE_TOKEN'],
      censor: '[redacted]',
    },
  }, destination)
}

export const silentLogger: Logger = pino({ level: 'silent' })
