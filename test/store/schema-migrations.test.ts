import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { generateSQLiteDrizzleJson, generateSQLiteMigration, type DrizzleSQLiteSnapshotJSON } from 'drizzle-kit/api'
import { describe, expect, it } from 'vitest'
import * as schema from '../../src/store/schema.js'
import { createDb } from '../../src/store/client.js'

/*
 * The migrations are written by hand (several branches add tables at once), so nothing but this test
 * keeps them and `src/store/schema.ts` (what drizzle queries are typed against) in step: the database
 * the migrations build must have exactly the tables, columns, defaults and indexes drizzle-kit would
 * create from the schema.
 */

type Shape = Record<string, { columns: string[]; indexes: string[] }>

function shapeOf(db: Database.Database): Shape {
  const shape: Shape = {}
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'
    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`).pluck().all() as string[]
  // SQLite stores a default as written: `false` and `0` are the same value.
  const dflt = (v: string | null) => v === 'false' ? '0' : v === 'true' ? '1' : v ?? ''
  for (const table of tables) {
    const columns = (db.prepare(`PRAGMA table_xinfo("${table}")`).all() as Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }>)
      .map((c) => `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''} default=${dflt(c.dflt_value)} pk=${c.pk}${c.hidden ? ' generated' : ''}`).sort()
    const indexes = (db.prepare(`PRAGMA index_list("${table}")`).all() as Array<{ name: string; unique: number; partial: number; origin: string }>)
      .filter((i) => i.origin === 'c')
      .map((i) => {
        const keys = (db.prepare(`PRAGMA index_xinfo("${i.name}")`).all() as Array<{ name: string | null; desc: number; key: number }>)
          .filter((k) => k.key).map((k) => `${k.name}${k.desc ? ' DESC' : ''}`)
        return `${i.name}${i.unique ? ' UNIQUE' : ''}${i.partial ? ' PARTIAL' : ''} (${keys.join(', ')})`
      }).sort()
    shape[table] = { columns, indexes }
  }
  return shape
}

describe('migrations and src/store/schema.ts', () => {
  it('build the same tables, columns, defaults and indexes', async () => {
    const empty = await generateSQLiteDrizzleJson({})
    const current = await generateSQLiteDrizzleJson(schema as Record<string, unknown>)
    const fromSchema = new Database(':memory:')
    for (const statement of await generateSQLiteMigration(empty, current)) fromSchema.exec(statement)

    const fromMigrations = createDb(':memory:')
    const built = shapeOf(fromMigrations.$client)
    expect(Object.keys(built).length).toBeGreaterThan(20)
    expect(built).toEqual(shapeOf(fromSchema))
  })

  it('the newest snapshot is the schema, so `npm run db:generate` starts from it (nothing to generate today)', async () => {
    const meta = path.resolve('migrations/meta')
    const journal = JSON.parse(fs.readFileSync(path.join(meta, '_journal.json'), 'utf8')) as { entries: Array<{ idx: number }> }
    const newest = journal.entries[journal.entries.length - 1].idx
    const file = path.join(meta, `${String(newest).padStart(4, '0')}_snapshot.json`)
    expect(fs.existsSync(file), `${file}: every migration's snapshot`).toBe(true)
    const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as DrizzleSQLiteSnapshotJSON
    const current = await generateSQLiteDrizzleJson(schema as Record<string, unknown>, snapshot.id)
    expect(await generateSQLiteMigration(snapshot, current)).toEqual([])
  })
})
