/*
 * A quoted reply (引用) arrives as one text: the quoted message in 「name：…」, a line of dashes, then what the
 * customer typed now (the web and PC protocols' form). The quoted words are someone else's, or the customer's
 * own from before: a merchant reads only the new line (docs/rules.md §7), so only that is read for signals.
 * Pure.
 */

const SEPARATOR = /\n[ \t]*(?:-[ \t]*){6,}\n/
const QUOTE_BLOCK = /^\s*「[^「」]*」\s*$/s

/** The words the customer typed now: `text` without a quoted block set off by a line of dashes. */
export function stripQuoted(text: string): string {
  if (!text.includes('」') || !SEPARATOR.test(text)) return text
  const parts = text.split(SEPARATOR)
  const own = parts.filter((p) => !QUOTE_BLOCK.test(p))
  return own.length === parts.length ? text : own.join('\n').trim()
}
