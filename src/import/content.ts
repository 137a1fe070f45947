import { parseAmount } from '../commands/amount.js'

/*
 * What the tools write into the text of payment messages (from their source: WeFlow's
 * transferParser, PyWxDump's CSV exporter), read back into amount and direction. Pure.
 */

export interface TransferText {
  amountFen: number | null
  /** A receipt ([转账收款], 已收款) acknowledges an earlier transfer: not a new payment. */
  receipt: boolean
}

// Thousands separators included (￥1,280.00): cut at the comma the amount would read as ￥1.
const AMOUNT = /[￥¥]\s*([0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?|[0-9]+(?:\.[0-9]{1,2})?)/

/** WeFlow: `[转账] (林女士 转账给 我) ￥128.00 memo`; PyWxDump: `转账：￥128.00\n转账说明：…`. */
export function readTransferText(text: string): TransferText | null {
  const t = text.trimStart()
  const receipt = t.startsWith('[转账收款]') || t.startsWith('已收款')
  if (!receipt && !t.startsWith('[转账]') && !t.startsWith('转账：') && !t.startsWith('转账:')) return null
  const m = AMOUNT.exec(t)
  return { amountFen: m ? yuanToFen(m[1]) : null, receipt }
}

/** Yuan text ('128.00', '¥1,299') → fen, or null when it is not an amount. */
export function yuanToFen(yuan: string, maxYuan = 10_000_000): number | null {
  const r = parseAmount(yuan, maxYuan)
  return r.ok ? r.fen : null
}

/** '"张三" 撤回了一条消息', '你撤回了一条消息': a recall notice. */
export function isRecallText(text: string): boolean {
  return /撤回了一条消息/.test(text)
}

/** '你撤回了一条消息': the merchant recalled their own message. */
export function isOwnRecallText(text: string): boolean {
  return /^\s*你撤回了一条消息/.test(text)
}

/** A red envelope an export shows only by its title (微信红包, or a link titled so): no amount. */
export function isRedEnvelopeTitle(text: string): boolean {
  return /^\s*(\[链接\]\s*)?微信红包/.test(text)
}
