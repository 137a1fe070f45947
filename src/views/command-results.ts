import type { ContactRef } from '../commands/resolve.js'
import type { ListEntry } from '../commands/results.js'
import type { ViewWord } from './command-words.js'

/* What the views' commands did, as values; views/replies.ts turns them into the merchant's text. */

export interface ReferredEntry {
  display: string
  at: number
  source: string
  orders: number
  spendFen: number
}

export type ViewsResult =
  | { kind: 'viewList'; view: ViewWord; entries: ListEntry[]; total: number }
  | { kind: 'referred'; contact: ContactRef; referrer: ContactRef; outcome: 'recorded' | 'changed' | 'same' | 'self' | 'cycle'; previous?: string; hops?: number }
  | { kind: 'refs'; contact: ContactRef; entries: ReferredEntry[] }
  | { kind: 'points'; contact: ContactRef; balance: number; delta?: number; reason?: string; history: Array<{ delta: number; reason: string; at: number }> }
  /** A deduction that would take the balance below zero, refused until the merchant says 透支. */
  | { kind: 'pointsShort'; contact: ContactRef; balance: number; delta: number }
  | { kind: 'pointsOff' }
