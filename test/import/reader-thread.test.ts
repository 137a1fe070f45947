import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'
import { readAll, type ReadItem, type ReadOptions } from '../../src/import/read-all.js'
import { readBatches } from '../../src/import/reader-thread.js'
import { listSources } from '../../src/import/source.js'
import { FIXTURES } from './helpers.js'

/* The reader thread hands over exactly what reading in line gives, in the same order, file by file. */

const options: ReadOptions = { format: 'auto', timeZone: 'Asia/Shanghai', signals: DEFAULT_CONFIG.signals }

async function collect(reader: AsyncIterable<{ items: ReadItem[] }>): Promise<ReadItem[]> {
  const out: ReadItem[] = []
  for await (const batch of reader) out.push(...batch.items)
  return out
}

describe('reading an export in the reader thread', () => {
  const { sources } = listSources([FIXTURES])

  it('gives every fixture (all six formats, bad rows, an unknown file) as reading in line does', async () => {
    const inLine = await collectAll()
    const threaded = await collect(readBatches(sources, options, undefined, -1))
    expect(inLine.filter((i) => i.type === 'file').length).toBeGreaterThan(5)
    expect(inLine.some((i) => i.type === 'bad')).toBe(true)
    expect(threaded).toEqual(inLine)
  })

  it('goes on in the thread from the first file the writer did not read itself', async () => {
    const all = await collectAll()
    const mixed = await collect(readBatches(sources, options))
    expect(mixed).toEqual(all)
  })

  it('a file that cannot be read stops the import with the reason, not a hang', async () => {
    const gone = [...sources, { name: 'gone.jsonl', path: '/nonexistent/gone.jsonl', size: 10 }]
    await expect(collect(readBatches(gone, options, undefined, -1))).rejects.toThrow(/ENOENT/)
  })

  async function collectAll(): Promise<ReadItem[]> {
    const out: ReadItem[] = []
    for await (const item of readAll(sources, options)) out.push(item)
    return out
  }
})
