import type { Config } from '../config/schema.js'
import { formatMonthDay } from '../shared/day.js'
import {
  changesSection, followUpSection, funnelSection, inquirySection, openComplaintSection, neverBoughtSection, wakeUpSection, warmingSection,
  type ListMode, type Section,
} from './sections.js'
import { lostSection } from './lost-section.js'
import type { DigestSnapshot } from './types.js'
import { occasionSection } from '../occasions/section.js'
import { hotUnsoldSection, referralThanksSection, replenishSection } from '../views/digest.js'

/*
 * The morning action list (docs/rules.md §4), most urgent first, as chat messages. Pure: the same
 * snapshot and `now` always give the same text.
 */

/**
 * The digest; `full` (`/digest 全部`) is the same list with every section shown up to FULL_PER_SECTION
 * (the snapshot must then be loaded with that list limit).
 */
export function buildDigest(snapshot: DigestSnapshot, now: number, config: Config, mode: Extract<ListMode, 'digest' | 'full'> = 'digest'): string[] {
  const actions = [
    openComplaintSection(snapshot, now, config, mode),
    inquirySection(snapshot, now, config, mode),
    wakeUpSection(snapshot, now, config, config.digest.wakeUpCount),
    hotUnsoldSection(snapshot.views, now, config, mode),
    warmingSection(snapshot, now, config, mode),
    followUpSection(snapshot, now, config, mode),
    replenishSection(snapshot.views, now, config, mode),
    occasionSection(snapshot.occasions, now, config, mode),
    referralThanksSection(snapshot.views, config, mode),
    neverBoughtSection(snapshot, now, config, mode),
    changesSection(snapshot, now, config, mode),
    lostSection(snapshot, now, config, mode),
  ].filter((s): s is Section => s !== null)
  const date = formatMonthDay(now, config.timezone)
  // A quiet day still gets a line, so the merchant knows the bot is alive (issue 6).
  if (actions.length === 0 && snapshot.funnel.total === 0) return [`☀️ ${date} 还没有客户的聊天记录。客户来聊天后，每天早上这里会列出今天要跟进的人`]
  if (actions.length === 0) return [`☀️ ${date} 今天没有要紧的客户要跟进，共 ${snapshot.funnel.total} 位客户，一切平稳～`]
  const header = `☀️ ${date} 今日客户行动清单`
  const blocks = [...actions, funnelSection(snapshot, now, config)].map(sectionUnits)
  blocks[0] = [header + '\n', ...blocks[0]]
  return splitMessages(blocks, config.digest.maxMessageLength)
}

/** /silent N: the wake-up list alone. */
export function silentText(snapshot: DigestSnapshot, now: number, config: Config, n: number): string {
  const section = wakeUpSection(snapshot, now, config, n)
  return section ? renderSection(section) : '目前没有需要唤醒的沉默客户 👍'
}

/** /hot: who is ready to buy now — unanswered buying questions, warming up, L3 never bought. */
export function hotText(snapshot: DigestSnapshot, now: number, config: Config): string {
  const sections = [
    openComplaintSection(snapshot, now, config, 'hot'),
    inquirySection(snapshot, now, config, 'hot'),
    hotUnsoldSection(snapshot.views, now, config),
    warmingSection(snapshot, now, config, 'hot'),
    neverBoughtSection(snapshot, now, config, 'hot'),
  ].filter((s): s is Section => s !== null)
  return sections.length > 0 ? sections.map(renderSection).join('\n\n') : '暂时没有热门线索，继续用内容养熟客户～'
}

export function renderSection(section: Section): string {
  return sectionUnits(section).join('\n')
}

function sectionUnits(section: Section): string[] {
  return [section.title, ...section.items]
}

/**
 * Packs blocks (sections) into messages of at most `max` characters. A block is a list of units
 * (title, entries) joined by line breaks; messages break between blocks, then between the units of
 * an oversized block, and cut a single oversized unit only as a last resort.
 */
export function splitMessages(blocks: string[][], max: number): string[] {
  const messages: string[] = []
  let current = ''
  const push = (piece: string, sep: string) => {
    if (current === '') current = piece
    else if (current.length + sep.length + piece.length <= max) current += sep + piece
    else {
      messages.push(current)
      current = piece
    }
  }
  for (const units of blocks) {
    const whole = units.join('\n')
    if (whole.length <= max) {
      push(whole, '\n\n')
      continue
    }
    units.flatMap((u) => cutUnit(u, max)).forEach((piece, i) => push(piece, i === 0 ? '\n\n' : '\n'))
  }
  if (current !== '') messages.push(current)
  return messages
}

function cutUnit(unit: string, max: number): string[] {
  if (unit.length <= max) return [unit]
  const pieces: string[] = []
  for (let i = 0; i < unit.length; i += max) pieces.push(unit.slice(i, i + max))
  return pieces
}
