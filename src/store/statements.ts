import type Database from 'better-sqlite3'

/**
 * Prepared statements built once per connection and reused: hot paths (commands, digest) prepare
 * nothing per call, and a closed connection's statements go with it (WeakMap).
 */
export function cachedStatements<T>(prepare: (sqlite: Database.Database) => T): (sqlite: Database.Database) => T {
  const cache = new WeakMap<Database.Database, T>()
  return (sqlite) => {
    let statements = cache.get(sqlite)
    if (!statements) {
      statements = prepare(sqlite)
      cache.set(sqlite, statements)
    }
    return statements
  }
}
