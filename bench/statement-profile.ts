import type Database from 'better-sqlite3'

/*
 * Per-statement timings on one connection (PROFILE=1 in the digest benches): every `all`/`get` is timed,
 * keyed by its SQL. Wraps the Statement prototype, so it is for bench scripts only.
 */

export interface StatementTimes { sql: string; calls: number; firstMs: number; totalMs: number; plan: string[] }

export function profileStatements(sqlite: Database.Database, withPlans = false): () => StatementTimes[] {
  const times = new Map<string, StatementTimes>()
  const proto = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>
  for (const method of ['all', 'get'] as const) {
    const original = proto[method]
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      if (this.source.startsWith('EXPLAIN')) return original.apply(this, args)
      let entry = times.get(this.source)
      if (!entry) {
        const plan = withPlans ? (sqlite.prepare(`EXPLAIN QUERY PLAN ${this.source}`).all(...args) as Array<{ detail: string }>).map((p) => p.detail) : []
        times.set(this.source, (entry = { sql: this.source.replace(/\s+/g, ' ').trim(), calls: 0, firstMs: 0, totalMs: 0, plan }))
      }
      const t0 = performance.now()
      const result = original.apply(this, args)
      const ms = performance.now() - t0
      if (entry.calls === 0) entry.firstMs = ms
      entry.calls++
      entry.totalMs += ms
      return result
    }
  }
  return () => [...times.values()].sort((a, b) => b.totalMs - a.totalMs)
}

/** The costliest statements, one line each (total over the runs, the first call, calls), with plans if taken. */
export function printProfile(rows: StatementTimes[], limit = 15): void {
  for (const r of rows.slice(0, limit)) {
    process.stdout.write(`${r.totalMs.toFixed(1).padStart(8)} ms total ${r.firstMs.toFixed(1).padStart(7)} ms first ×${String(r.calls).padEnd(5)} ${r.sql.slice(0, 110)}\n`)
    for (const p of r.plan) process.stdout.write(`             ${p}\n`)
  }
}
