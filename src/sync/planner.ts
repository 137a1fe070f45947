import type { Config } from '../config/schema.js'
import type { TierState } from '../tiers/api.js'
import { tierCode } from '../tiers/ladder.js'
import { cleanRemarkText, composeRemark, formatRemarkPrefix, resolveRemarkBase } from './remark.js'

/*
 * Pure: what tierbot wants on WeChat for one contact, against what it last wrote (the ledger),
 * as a list of operations. Labels are compared with the ledger only, because over puppet-service
 * the per-contact tag list reads back empty (docs/platform-notes.md); labels tierbot never applied are the
 * merchant's own and are never touched.
 */

export type LabelsConfig = Config['labels']

export type SyncOp =
  | { kind: 'label_add'; key: string; payload: { label: string } }
  | { kind: 'label_remove'; key: string; payload: { label: string } }
  | { kind: 'remark'; key: ''; payload: { remark: string; base: string } }

export type SyncOpKind = SyncOp['kind']

/** What tierbot last wrote for a contact (its ledger: contacts.ledger_*, or label_state). */
export interface SyncLedger {
  labels: string[]
  remark: string | null
  baseRemark: string | null
}

export interface SyncInput {
  contactId: string
  state: Pick<TierState, 'tier' | 'activity'>
  /** Persona names seen for the contact (宝妈 …). */
  personas: string[]
  /** The contact's WeChat name: the remark's text when the merchant gave none. */
  name?: string
  /** What the daily views pass stored (contact_views); absent or null: no view label. */
  views?: StoredViews
  /** The remark on WeChat now ('' when none). */
  currentRemark: string
  ledger: SyncLedger | null
}

/** A customer's stored views: lifecycle stage (潜在 … 忠诚), intent band (高/中/低), value class (A/B/C). */
export interface StoredViews {
  stage: string | null
  intent: string | null
  value: string | null
}

export interface PlanOptions {
  /** False once the platform answered UNIMPLEMENTED for tags (meta flag). */
  labelsSupported: boolean
}

export interface SyncPlan {
  ops: SyncOp[]
  /** The labels tierbot wants on the contact (empty when labels are off). */
  labels: string[]
  /** The remark tierbot wants, or null when remarks are off. */
  remark: string | null
}

export function desiredLabels(input: SyncInput, cfg: LabelsConfig): string[] {
  const labels = [cfg.names[tierCode(input.state.tier)]]
  if (cfg.activity && (input.state.activity === 'silent' || input.state.activity === 'dormant')) {
    labels.push(cfg.activityNames[input.state.activity])
  }
  if (cfg.persona) labels.push(...input.personas)
  labels.push(...viewLabels(input.views, cfg.views))
  return [...new Set(labels)]
}

/**
 * At most one label per enabled view, named by config; a value without a name ('' or not a
 * labelled value, such as 未互动) gets none. The remark never carries a view.
 */
export function viewLabels(views: StoredViews | undefined, cfg: LabelsConfig['views']): string[] {
  if (!views) return []
  const out: string[] = []
  const pick = (on: boolean, names: Record<string, string>, value: string | null) => {
    if (!on || value === null || !Object.hasOwn(names, value)) return
    const name = names[value].trim()
    if (name) out.push(name)
  }
  pick(cfg.lifecycle, cfg.lifecycleNames, views.stage)
  pick(cfg.intent, cfg.intentNames, views.intent)
  pick(cfg.value, cfg.valueNames, views.value)
  return out
}

/** True when any view label is on (the views pass then re-plans the contacts it changed). */
export function viewLabelsOn(cfg: LabelsConfig): boolean {
  return cfg.enabled && (cfg.views.lifecycle || cfg.views.intent || cfg.views.value)
}

export function desiredRemark(input: SyncInput, cfg: LabelsConfig): { remark: string; base: string } {
  // A remark replaces the name on the phone's chat list, so `L4|` alone would hide who it is.
  const base = cleanRemarkText(resolveRemarkBase({
    current: input.currentRemark,
    lastWritten: input.ledger?.remark ?? null,
    lastBase: input.ledger?.baseRemark ?? null,
  }, cfg.remarkPrefix)) || cleanRemarkText(input.name ?? '')
  const prefix = formatRemarkPrefix(cfg.remarkPrefix, input.state.tier)
  return { remark: composeRemark(prefix, base, cfg.remarkMaxLength), base }
}

export function planSync(input: SyncInput, cfg: LabelsConfig, opts: PlanOptions): SyncPlan {
  const ops: SyncOp[] = []
  let remark: string | null = null
  if (cfg.remarks) {
    const want = desiredRemark(input, cfg)
    remark = want.remark
    if (want.remark !== input.currentRemark) ops.push({ kind: 'remark', key: '', payload: want })
  }
  let labels: string[] = []
  if (cfg.enabled && opts.labelsSupported) {
    labels = desiredLabels(input, cfg)
    const applied = new Set(input.ledger?.labels ?? [])
    const wanted = new Set(labels)
    for (const label of labels) {
      if (!applied.has(label)) ops.push({ kind: 'label_add', key: label, payload: { label } })
    }
    for (const label of applied) {
      if (!wanted.has(label)) ops.push({ kind: 'label_remove', key: label, payload: { label } })
    }
  }
  return { ops, labels, remark }
}
