import { ActionError } from './types.js'

/*
 * gRPC status codes as puppet-service clients see them. WorkPro tokens answer the official tag calls
 * with 12 UNIMPLEMENTED (docs/platform-notes.md): that means "not supported here", never "try again".
 */
const UNIMPLEMENTED = 12
const RESOURCE_EXHAUSTED = 8
const TRANSIENT_CODES = new Set([1, 4, 10, 13, 14]) // CANCELLED, DEADLINE_EXCEEDED, ABORTED, INTERNAL, UNAVAILABLE
/** WorkPro (juzi) throttles with its own error, `20001 Feature temporarily unavailable`: a wait, not a failure. */
const JUZI_THROTTLED = /\b20001\b|feature temporarily unavailable/i
/**
 * gRPC 2 UNKNOWN is what puppet-service answers for any exception in the puppet behind it: a busy or
 * briefly broken service as often as a real refusal. Worth a few tries with back-off (the writes are
 * idempotent), unless it names something that does not exist or cannot be done.
 */
const GRPC_UNKNOWN = 2
/** wechaty-puppet's throwUnsupportedError: a puppet without the API (over gRPC it arrives as 2 UNKNOWN). */
const UNSUPPORTED_API = /Puppet Unsupported API/i
const UNKNOWN_TEXT = /^\s*2 UNKNOWN\b/
const REFUSAL = /not (found|exist|allowed|permitted|supported)|invalid|illegal|denied|forbidden|不存在|无效|非法|不支持|没有权限|无权/i

export function toActionError(err: unknown): ActionError {
  if (err instanceof ActionError) return err
  const code = typeof (err as { code?: unknown })?.code === 'number' ? (err as { code: number }).code : undefined
  const message = err instanceof Error ? err.message : String(err)
  if (code === UNIMPLEMENTED || /UNIMPLEMENTED/i.test(message) || UNSUPPORTED_API.test(message)) {
    return new ActionError('unsupported', message, undefined, { cause: err })
  }
  if (code === RESOURCE_EXHAUSTED || JUZI_THROTTLED.test(message) || /rate.?limit|too (many|frequent)|频繁/i.test(message)) {
    return new ActionError('rate_limited', message, 60_000, { cause: err })
  }
  if ((code !== undefined && TRANSIENT_CODES.has(code)) || /ECONNRE|ETIMEDOUT|EPIPE|not logged in|disconnect|timeout|UNAVAILABLE/i.test(message)) {
    return new ActionError('transient', message, undefined, { cause: err })
  }
  if ((code === GRPC_UNKNOWN || UNKNOWN_TEXT.test(message)) && !REFUSAL.test(message)) {
    return new ActionError('transient', message, undefined, { cause: err })
  }
  return new ActionError('permanent', message, undefined, { cause: err })
}
