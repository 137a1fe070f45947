/** '¥199', '¥1,299.50', '-¥5' from integer fen: the one money format of replies, reasons and the digest. */
export function formatYuan(fen: number): string {
  const abs = Math.abs(fen)
  const whole = Math.floor(abs / 100).toLocaleString('en-US')
  const cents = abs % 100
  return `${fen < 0 ? '-' : ''}¥${whole}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}`
}
