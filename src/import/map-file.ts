import fs from 'node:fs'
import { Readable } from 'node:stream'
import { readCsv, isRow } from './readers/common.js'
import { createPeopleIndex, type KnownContact } from './people.js'
import { decodeWhole } from './source.js'

/*
 * --map FILE: a CSV `export_id,contact` for people matching could not settle. `contact` is a contact
 * id, remark or name, matched exactly like /tier; a line that does not name exactly one contact is
 * reported and ignored.
 */

export async function loadMapFile(file: string, contacts: Iterable<KnownContact>, remarkPrefix: string): Promise<{ mapped: Map<string, string>; problems: string[] }> {
  if (!fs.existsSync(file)) throw new Error(`找不到 --map 文件：${file}`)
  const index = createPeopleIndex(contacts, remarkPrefix)
  const mapped = new Map<string, string>()
  const problems: string[] = []
  const source = { name: file, path: file, size: null }
  // Decoded like the exports: a map kept in Excel or WPS is saved with a BOM or in GBK.
  const text = Readable.from([decodeWhole(fs.readFileSync(file)).whole])
  for await (const item of readCsv(source, text)) {
    if (isRow(item)) { problems.push(`${file}:${item.line} ${'reason' in item ? item.reason : ''}`); continue }
    const exportId = (item.record.export_id ?? '').trim()
    const contact = (item.record.contact ?? '').trim()
    if (!exportId || !contact) { problems.push(`${file}:${item.line} 需要 export_id 和 contact 两列`); continue }
    const match = index.match({ id: contact, name: '', remark: '' })
    if (match.status === 'matched') mapped.set(exportId, match.contactId)
    else problems.push(`${file}:${item.line} ${contact}：${match.status === 'ambiguous' ? '有多个同名联系人' : '找不到这个联系人'}`)
  }
  return { mapped, problems }
}
