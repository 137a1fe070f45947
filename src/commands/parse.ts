import { parseTierCode, TIER_NAMES, TIERS, type Activity, type Tier } from '../tiers/ladder.js'
import { looksLikeAmount, parseAmount, type AmountProblem } from './amount.js'
import { readDateWord, type DateWord } from './date-words.js'
import { readBirthdayArgs } from '../occasions/birthday-args.js'
import type { YearlyDate } from '../occasions/calendar-date.js'
import { commandMeant, lookupCommandWord, splitCommandWord, TRAILING_PUNCTUATION, type CommandName } from './words.js'
import { parsePointsArgs, parseViewWord, type ViewWord } from '../views/command-words.js'
import { FORGET_CONFIRM_WORDS } from '../privacy/replies.js'

/*
 * The merchant's chat line → a command value. Pure, and total: whatever the text, the result is a
 * value (never an exception), so hostile input (issue 8) ends as `invalid` with a reason.
 */

/** The activities `/list` names: the ones a merchant asks for by word (沉默, 沉睡, 流失). */
export type ListActivity = Extract<Activity, 'silent' | 'dormant' | 'lost'>

export type Command =
  | { kind: 'tier'; name: string }
  | { kind: 'pin'; name: string; tier: Tier | null }
  | { kind: 'why'; name: string }
  /** `date`: a payment recorded late (`/paid 张三 199 10月15日`); absent = paid now. */
  | { kind: 'paid'; name: string; amountFen: number; note?: string; date?: DateWord }
  /** `date`: a refund recorded late (`/refund 张三 199 昨天`), as a payment's; absent = refunded now. */
  | { kind: 'refund'; name: string; amountFen: number; note?: string; date?: DateWord }
  | { kind: 'note'; name: string; text: string }
  | { kind: 'notes'; name: string }
  | { kind: 'silent'; n?: number }
  /** `ignored`: words typed after a command that takes none (`/hot 张三`): it runs, and the reply says they were not used. */
  | { kind: 'hot'; ignored?: string }
  | { kind: 'list'; tier: Tier }
  /** `/list 老客`, `/list 高意向`, `/list A类`: a view instead of a rung. */
  | { kind: 'listView'; view: ViewWord }
  | { kind: 'ref'; name: string; referrer: string }
  | { kind: 'refs'; name: string }
  /** No delta: show the balance. overdraw: the merchant said a balance may go below zero. */
  | { kind: 'points'; name: string; delta?: number; reason?: string; overdraw?: true }
  | { kind: 'list'; activity: ListActivity }
  | { kind: 'handled'; name: string }
  | { kind: 'undo' }
  | { kind: 'orders'; name: string }
  | { kind: 'chat'; name: string }
  | { kind: 'top'; n?: number }
  | { kind: 'delnote'; name: string; index: number }
  | { kind: 'snooze'; name: string; days?: number }
  | { kind: 'stats'; ignored?: string }
  | { kind: 'digest'; full?: boolean; ignored?: string }
  | { kind: 'report' }
  /** `asked`: the word after /help when it names no command (`/help 发货`). */
  | { kind: 'help'; topic?: CommandName; asked?: string }
  | { kind: 'forget'; name: string; confirm: boolean }
  /** No date and no clear: show the birthday. */
  | { kind: 'birthday'; name: string; date?: YearlyDate; clear?: true }

export type InvalidReason =
  | { code: 'too_long'; max: number }
  | { code: 'multiple_lines' }
  | { code: 'usage'; command: CommandName }
  /** Words after a command that takes none (`/stats 今天`): nothing runs, the reply says how it is used. */
  | { code: 'extra'; command: CommandName; input: string }
  | { code: 'amount'; command: CommandName; problem: AmountProblem; input: string }
  | { code: 'tier'; command: CommandName; input: string }
  | { code: 'number'; command: CommandName; input: string; min: number; max: number }
  | { code: 'date'; command: CommandName; input: string; problem: 'unreadable' | 'future' | 'too_old' | 'before_amount' }
  | { code: 'birthday'; input: string }
  /** `/积分 张三 50`: add or take? */
  | { code: 'points_sign'; input: string }

/** `meant`: the command a typo most likely meant (`/piad` → paid). */
export type Parsed = Command | { kind: 'invalid'; reason: InvalidReason } | { kind: 'unknown'; word: string; meant?: CommandName }

export interface ParseOptions {
  /** commands.maxAmountYuan */
  maxAmountYuan: number
  /** Longest command line accepted (characters, after normalization). */
  maxLength?: number
}

export const MAX_COMMAND_LENGTH = 500
/** commands.maxAmountYuan's default (config/schema.ts). */
export const DEFAULT_PARSE_OPTIONS: ParseOptions = { maxAmountYuan: 100_000 }
export const MAX_SNOOZE_DAYS = 365
export const MAX_SILENT_COUNT = 50

// C0/C1 controls except \n, zero-width and bidi controls: invisible, and the last can reorder what the merchant reads.
const INVISIBLE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g
// Half a surrogate pair is not text: SQLite and gRPC would each mangle it differently.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** NFKC (full-width `／tier`, `５０`), line breaks unified, invisible characters removed, trimmed. */
export function normalizeCommandText(text: string): string {
  return cleanCommandText(text).normalize('NFKC')
}

/**
 * What the merchant wrote, minus what no one can see: line breaks unified, invisible characters
 * removed, trimmed, but no NFKC. Notes keep this text (a full-width comma stays full-width); the
 * command word, names, amounts and numbers are read through NFKC.
 */
function cleanCommandText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(LONE_SURROGATE, '').trim()
}

/**
 * Parse one chat message. `null` means it is not a command at all (does not start with `/`); WeChat's
 * classic emoticons (`/::)`, `/:P`) are text, not commands.
 */
export function parseCommand(text: string, options: ParseOptions = DEFAULT_PARSE_OPTIONS): Parsed | null {
  const clean = cleanCommandText(typeof text === 'string' ? text : '')
  const normalized = clean.normalize('NFKC')
  const max = options.maxLength ?? MAX_COMMAND_LENGTH
  if (commandHead(normalized) === null) return null
  if (normalized.length > max) return { kind: 'invalid', reason: { code: 'too_long', max } }
  // The marker is one character either way (`/`, `／`, `、`): the rest is read from the text as written.
  const head = clean.slice(1)
  const lines = head.split('\n').map((l) => l.trim()).filter((l) => l !== '')
  // Never execute a second line: the merchant may have pasted two commands and meant neither to run blind.
  if (lines.length > 1) return { kind: 'invalid', reason: { code: 'multiple_lines' } }
  const line = lines[0] ?? ''
  const { word, rest } = splitCommandWord(line)
  const name = lookupCommandWord(word)
  if (!name) {
    const meant = commandMeant(word)
    return { kind: 'unknown', word: word.slice(0, 20), ...(meant ? { meant } : {}) }
  }
  return parseArgs(name, tokenize(rest), options)
}

/** The text after the command marker, or null when the message is not a command. */
function commandHead(text: string): string | null {
  if (text.startsWith('/')) {
    if (text.startsWith('/:')) return null
    return text.slice(1)
  }
  // The Chinese IME turns the `/` key into `、`: accept it, but only before a real command word.
  if (text.startsWith('、')) {
    const { word } = splitCommandWord(text.slice(1).split('\n')[0].trim())
    return lookupCommandWord(word) ? text.slice(1) : null
  }
  return null
}

interface Token {
  /** NFKC of what was typed: what names, amounts and tier codes are read from. */
  text: string
  /** As typed (notes keep this). */
  raw: string
  quoted: boolean
}

const QUOTES: Record<string, string> = { '"': '"', '＂': '＂', '＇': '＇', '“': '”', '「': '」', '『': '』', "'": "'", '‘': '’', '《': '》' }

/** Split on whitespace; a quoted run ("张 三", “张 三”, 「张三」) is one token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const ch = text[i]
    if (/\s/.test(ch)) { i++; continue }
    const close = QUOTES[ch]
    if (close !== undefined) {
      const end = text.indexOf(close, i + 1)
      if (end > i) {
        const raw = text.slice(i + 1, end).trim()
        tokens.push({ text: raw.normalize('NFKC'), raw, quoted: true })
        i = end + 1
        continue
      }
    }
    let j = i
    while (j < text.length && !/\s/.test(text[j])) j++
    const raw = text.slice(i, j)
    tokens.push({ text: raw.normalize('NFKC'), raw, quoted: false })
    i = j
  }
  return tokens.filter((t) => t.text !== '' || t.quoted)
}


/** A name from its tokens: NFKC, trailing sentence punctuation dropped. */
function join(tokens: Token[]): string {
  return tokens.map((t) => t.text).join(' ').trim().replace(TRAILING_PUNCTUATION, '').trim()
}

/** Free text (a note) as the merchant typed it. */
function joinRaw(tokens: Token[]): string {
  return tokens.map((t) => t.raw).join(' ').trim()
}

// `/paid 张三 199 元`: a unit written apart from the amount belongs to it, not to the note.
const AMOUNT_UNIT = /^(?:元|块|块钱|rmb|cny)$/i

const CURRENCY_SIGN = /^(?:¥|￥|\$|rmb|cny)$/i

const UNPIN_WORDS = new Set(['auto', '自动', 'unpin', '取消'])
/** `/digest 全部`: the digest with every list whole. */
const FULL_WORDS = new Set(['全部', '完整', '所有', 'all', 'full'])

function parseArgs(command: CommandName, args: Token[], options: ParseOptions): Parsed {
  const usage = { kind: 'invalid' as const, reason: { code: 'usage' as const, command } }
  switch (command) {
    case 'tier': {
      if (args.length === 0) return usage
      const last = args[args.length - 1]
      if (args.length >= 2 && !last.quoted) {
        if (UNPIN_WORDS.has(last.text.toLowerCase())) return pinOrUsage(join(args.slice(0, -1)), null, usage)
        const tier = parseTierCode(last.text)
        if (tier !== undefined) return pinOrUsage(join(args.slice(0, -1)), tier, usage)
        // `L9`, `L-1`: clearly meant as a rung, not as part of the name.
        if (/^[lL]-?\d+$/.test(last.text)) return { kind: 'invalid', reason: { code: 'tier', command, input: last.text.slice(0, 20) } }
      }
      const name = join(args)
      return name ? { kind: 'tier', name } : usage
    }
    case 'why':
    case 'notes':
    case 'handled':
    case 'orders':
    case 'chat': {
      const name = join(args)
      return name ? { kind: command, name } : usage
    }
    case 'paid':
    case 'refund':
      return parseMoney(command, args, options, usage)
    case 'note': {
      if (args.length < 2 || !args[0].text) return usage
      return { kind: 'note', name: join(args.slice(0, 1)), text: joinRaw(args.slice(1)) }
    }
    case 'snooze': {
      if (args.length === 0) return usage
      const last = args[args.length - 1]
      // `/snooze 张三 14 天`: the unit written apart belongs to the number.
      const unitApart = args.length >= 3 && !last.quoted && /^(?:天|日)$/.test(last.text)
      const count = unitApart ? args[args.length - 2] : last
      if (args.length >= 2 && !count.quoted && /^[-+]?\d/.test(count.text)) {
        const days = parseCount(count.text, 0, MAX_SNOOZE_DAYS)
        if (days === null) return { kind: 'invalid', reason: { code: 'number', command, input: count.text, min: 0, max: MAX_SNOOZE_DAYS } }
        return { kind: 'snooze', name: join(args.slice(0, unitApart ? -2 : -1)), days }
      }
      return { kind: 'snooze', name: join(args) }
    }
    case 'silent': {
      if (args.length === 0) return { kind: 'silent' }
      const n = parseCount(join(args), 1, MAX_SILENT_COUNT)
      if (n === null) {
        return { kind: 'invalid', reason: { code: 'number', command, input: join(args).slice(0, 20), min: 1, max: MAX_SILENT_COUNT } }
      }
      return { kind: 'silent', n }
    }
    case 'list': {
      if (args.length === 0) return usage
      const what = parseListWhat(join(args))
      const view = what === undefined ? parseViewWord(join(args)) : null
      if (view) return { kind: 'listView', view }
      if (what === undefined) return { kind: 'invalid', reason: { code: 'tier', command, input: join(args).slice(0, 20) } }
      return { kind: 'list', ...what }
    }
    case 'top': {
      if (args.length === 0) return { kind: 'top' }
      const n = parseCount(join(args), 1, MAX_SILENT_COUNT)
      if (n === null) {
        return { kind: 'invalid', reason: { code: 'number', command, input: join(args).slice(0, 20), min: 1, max: MAX_SILENT_COUNT } }
      }
      return { kind: 'top', n }
    }
    case 'delnote': {
      if (args.length < 2) return usage
      const last = args[args.length - 1]
      const index = parseCount(last.text.replace(/^第/, '').replace(/条$/, ''), 1, 1000)
      if (index === null) return { kind: 'invalid', reason: { code: 'number', command, input: last.text.slice(0, 20), min: 1, max: 1000 } }
      const name = join(args.slice(0, -1))
      return name ? { kind: 'delnote', name, index } : usage
    }
    case 'undo': {
      // `/undo 李四` may mean something other than "the last write": nothing is taken back on a guess.
      const words = wordsOf(args)
      return words.length > 0 ? extra(command, words) : { kind: 'undo' }
    }
    case 'forget': {
      // `/forget 张三 确认`: the confirmation word is the last unquoted word.
      const last = args[args.length - 1]
      const confirm = args.length >= 2 && !last.quoted && isForgetConfirmWord(last.text)
      const name = join(confirm ? args.slice(0, -1) : args)
      return name ? { kind: 'forget', name, confirm } : usage
    }
    case 'birthday': {
      const r = readBirthdayArgs(args)
      if (r.kind === 'usage') return usage
      if (r.kind === 'bad_date') return { kind: 'invalid', reason: { code: 'birthday', input: r.input.slice(0, 20) } }
      return { kind: 'birthday', name: r.name, ...(r.date ? { date: r.date } : {}), ...(r.clear ? { clear: true as const } : {}) }
    }
    case 'ref': {
      // Two names: the new friend, then who brought them (quote a name with spaces); `小美，张三` and
      // `小美、张三` separate them too, and punctuation after the second is not part of it.
      const names = args.length === 1 && !args[0].quoted
        ? args[0].text.split(/[,、]/u).map((text) => ({ text, quoted: false }))
        : args
      if (names.length !== 2) return usage
      const [friend, referrer] = names.map((t) => (t.quoted ? t.text : t.text.replace(TRAILING_PUNCTUATION, '')).trim())
      return friend && referrer ? { kind: 'ref', name: friend, referrer } : usage
    }
    case 'refs': {
      const name = join(args)
      return name ? { kind: 'refs', name } : usage
    }
    case 'points': {
      const r = parsePointsArgs(args)
      if (r === null) return usage
      if ('bad' in r) return { kind: 'invalid', reason: { code: 'number', command, input: r.bad.slice(0, 20), min: -100_000, max: 100_000 } }
      if ('unsigned' in r) return { kind: 'invalid', reason: { code: 'points_sign', input: r.unsigned.replace(/分$/u, '') } }
      return { kind: 'points', ...r }
    }
    case 'digest': {
      // `/digest 全部` (`/日报 全部。`): every list whole; any other word is answered with the usage, as below.
      const words = wordsOf(args)
      if (words.length === 1 && FULL_WORDS.has(words[0].text.replace(TRAILING_PUNCTUATION, '').toLowerCase())) return { kind: 'digest', full: true }
      return words.length > 0 ? { kind: 'digest', ignored: join(words).slice(0, 20) } : { kind: 'digest' }
    }
    case 'hot':
    case 'stats': {
      // Read-only and taking nothing: `/stats 今天` runs, and the reply says the word was not used.
      const words = wordsOf(args)
      return words.length > 0 ? { kind: command, ignored: join(words).slice(0, 20) } : { kind: command }
    }
    case 'report': {
      // `/周报 上周` asks for something /report does not draw (the week so far): answered with the usage.
      const words = wordsOf(args)
      return words.length > 0 ? extra(command, words) : { kind: 'report' }
    }
    case 'help': {
      // `/help 生日` or `/help /paid`: that command's line; any other word, the whole list.
      const word = args.length === 1 ? args[0].text.replace(/^[/／]/u, '').replace(TRAILING_PUNCTUATION, '') : ''
      const topic = word ? lookupCommandWord(word) ?? commandMeant(word) : undefined
      if (topic) return { kind: 'help', topic }
      return word ? { kind: 'help', asked: word.slice(0, 20) } : { kind: 'help' }
    }
    default: {
      const exhaustive: never = command
      return exhaustive
    }
  }
}

/** `确认`, `确定。`, `yes`: the word that confirms a `/forget` (also typed alone right after the prompt). */
export function isForgetConfirmWord(text: string): boolean {
  return FORGET_CONFIRM_WORDS.includes(text.normalize('NFKC').replace(TRAILING_PUNCTUATION, '').toLowerCase())
}

// 临时性沉默 / 永久性沉睡: the sleep words of the 生命周期 line /tier shows.
// 流失: the customers who deleted the account (the count /stats and the digest show).
const LIST_ACTIVITIES: Record<string, ListActivity> = {
  沉默: 'silent', 沉默客户: 'silent', silent: 'silent', 临时性沉默: 'silent',
  沉睡: 'dormant', 沉睡客户: 'dormant', dormant: 'dormant', 永久性沉睡: 'dormant',
  流失: 'lost', 流失客户: 'lost', 已流失: 'lost', lost: 'lost',
}

/** `/list` takes a rung as `L3`, `3` or its name (`超级用户`, `L5 超级用户`), or an activity (`沉默`, `沉睡`, `流失`). */
function parseListWhat(input: string): { tier: Tier } | { activity: ListActivity } | undefined {
  const text = input.trim()
  const activity = LIST_ACTIVITIES[text.toLowerCase()]
  if (activity) return { activity }
  const code = parseTierCode(text) ?? parseTierCode(text.split(/\s+/)[0]) ?? (/^[0-5]$/.test(text) ? Number(text) as Tier : undefined)
  if (code !== undefined) return { tier: code }
  const byName = TIERS.find((t) => TIER_NAMES[t] === text)
  return byName === undefined ? undefined : { tier: byName }
}

function pinOrUsage(name: string, tier: Tier | null, usage: Parsed): Parsed {
  return name ? { kind: 'pin', name, tier } : usage
}

/**
 * `/paid 张三 宝妈 199 备注`: the amount is the first amount-looking word after the first word, so a
 * name with spaces works unquoted; with none, the second word is taken as the amount and refused
 * with its reason (`/paid 张三 NaN` → not a number).
 */
function parseMoney(command: 'paid' | 'refund', args: Token[], options: ParseOptions, usage: Parsed): Parsed {
  if (args.length === 0 || !args[0].text) return usage
  if (args.length === 1 && looksLikeAmount(args[0].text)) return usage
  let at = -1
  if (args[0].quoted) at = 1
  else {
    for (let i = 1; i < args.length; i++) {
      if (!args[i].quoted && looksLikeAmount(args[i].text)) { at = i; break }
    }
    if (at === -1) at = 1
  }
  const amountToken = args[at]
  // `/paid 李四199`: the amount is there, glued to the name; the reply says to put a space between.
  if (!amountToken) return { kind: 'invalid', reason: { code: 'amount', command, problem: 'missing', input: /\D\d+(?:\.\d+)?(?:元|块)?$/.test(args[0].text) ? args[0].text.slice(0, 20) : '' } }
  const amount = parseAmount(amountToken.text, options.maxAmountYuan)
  // `/paid 张三 10月15日 199`: the date came first. Say where it goes rather than "not a number".
  if (!amount.ok && readDateWord(amountToken.text)?.ok && args[at + 1] && parseAmount(args[at + 1].text, options.maxAmountYuan).ok) {
    return { kind: 'invalid', reason: { code: 'date', command, input: amountToken.text.slice(0, 20), problem: 'before_amount' } }
  }
  if (!amount.ok) {
    return { kind: 'invalid', reason: { code: 'amount', command, problem: amount.problem, input: amount.input.slice(0, 20) } }
  }
  // `/paid 张三 昨天 199`: a date word just before the amount would become part of the name.
  if (at >= 2 && !args[at - 1].quoted && readDateWord(args[at - 1].text)?.ok) {
    return { kind: 'invalid', reason: { code: 'date', command, input: args[at - 1].text.slice(0, 20), problem: 'before_amount' } }
  }
  // `/paid 张三 ¥ 199`: a currency sign typed apart from the amount is not part of the name.
  let nameEnd = at
  while (nameEnd > 1 && !args[nameEnd - 1].quoted && CURRENCY_SIGN.test(args[nameEnd - 1].text)) nameEnd--
  const name = join(args.slice(0, nameEnd))
  const rest = args.slice(at + 1)
  if (rest.length > 0 && !rest[0].quoted && AMOUNT_UNIT.test(rest[0].text)) rest.shift()
  // A late payment's (or refund's) date goes right after the amount and is a whole date word; anything else
  // is the note. Typed apart (`3 天前`, `10月 15日`), the date is its first two tokens together.
  const dateToken = rest[0]
  let date = dateToken && !dateToken.quoted ? readDateWord(dateToken.text) : null
  let dateText = dateToken?.text ?? ''
  let dateTokens = date ? 1 : 0
  if (!date?.ok && dateToken && !dateToken.quoted && rest[1] && !rest[1].quoted) {
    const joined = readDateWord(dateToken.text + rest[1].text)
    if (joined?.ok || (joined && !date)) {
      date = joined
      dateText = `${dateToken.text} ${rest[1].text}`
      dateTokens = 2
    }
  }
  if (date && !date.ok) return { kind: 'invalid', reason: { code: 'date', command, input: dateText.slice(0, 20), problem: date.problem } }
  const note = joinRaw(rest.slice(dateTokens))
  return { kind: command, name, amountFen: amount.fen, ...(note ? { note } : {}), ...(date ? { date: date.date } : {}) }
}

/** The words typed after a command, without sentence punctuation or @mentions (`/撤销。`, `/统计 ！`, `/日报 @店长`). */
function wordsOf(args: Token[]): Token[] {
  return args.filter((t) => t.quoted || (t.text.replace(TRAILING_PUNCTUATION, '') !== '' && !t.text.startsWith('@')))
}

/** Words a command does not take: nothing runs, the reply names them and shows the usage. */
function extra(command: CommandName, words: Token[]): Parsed {
  return { kind: 'invalid', reason: { code: 'extra', command, input: join(words).slice(0, 20) } }
}

/** A whole number within [min, max], or null. */
function parseCount(text: string, min: number, max: number): number | null {
  // `5位` or `5 位` (the unit typed apart), never `3 4`.
  const t = text.replace(/\s*(?:天|日|个|位|人)$/, '')
  if (!/^\d{1,6}$/.test(t)) return null
  const n = Number(t)
  return n >= min && n <= max ? n : null
}
