import { formatRemarkPrefix } from './remark.js'

/*
 * What the merchant reads from label and remark write-back (Chinese, short, says what to do).
 */

/**
 * Told once when the account cannot take labels (WeCom answers tag calls with UNIMPLEMENTED): the remark
 * prefix is what the merchant sorts and searches by instead (docs/rules.md §5 falls back to remarks).
 */
export function labelsUnsupportedNotice(remarkPrefix: string, remarksOn: boolean): string {
  if (!remarksOn) return '这个账号不能打标签，备注分层也没有开启，所以暂时不会在微信里标出客户等级。'
  const prefix = formatRemarkPrefix(remarkPrefix, 4)
  return `这个账号不能打标签，以后只在备注前面写等级，比如“${prefix}张三”；在通讯录里搜 ${prefix} 就能找到这一层的客户。`
}

/** The notice with the default settings (remark prefix `{code}|`, remarks on). */
export const LABELS_UNSUPPORTED_NOTICE = labelsUnsupportedNotice('{code}|', true)
