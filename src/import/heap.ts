/**
 * Old-generation cap for the import process (MB). Reading a big export allocates fast and V8 lets an
 * uncapped heap grow with the file although little stays live (~20 MB): 600k messages peaked at 280 MB
 * uncapped, 213 MB capped, at the same speed.
 */
export const IMPORT_HEAP_MB = 128

/**
 * Semi-space of the import's main thread (MB; V8's young generation is two of them plus a little). The
 * writer holds a batch of messages (4000, with the stats and intent entries they touch) from one commit
 * to the next. 2M messages, built JavaScript, 4000 per batch, runs alternating on a 2-core VM: 8 MB
 * kept the peak RSS 10 MB under V8's own size (196–200 against 208–211 MB) at the same speed (156–168k
 * against 160–164k messages/s); 16 MB cost 220–225 MB, 32 MB 276–296 MB (too close to the 300 MB promise)
 * for 176–191k once but not reliably, and 64 MB is far worse (the young generation crowds the 128 MB old
 * one: 66–74k/s).
 */
export const IMPORT_SEMI_SPACE_MB = 8

/** The node flags the import process runs with (main.ts re-runs itself with them; the bench too). */
export const IMPORT_NODE_FLAGS = [`--max-old-space-size=${IMPORT_HEAP_MB}`, `--max-semi-space-size=${IMPORT_SEMI_SPACE_MB}`]

/**
 * Environment of the import process. The import reads in a second thread (reader-thread.ts); glibc gives
 * each thread its own malloc arenas, and two arenas instead of up to 16 keep 10–15 MB of the peak RSS
 * (2M messages: 263 against 273–278 MB) at the same speed.
 */
export const IMPORT_ENV = { MALLOC_ARENA_MAX: '2' }

/**
 * SQLite page cache of the import's own connection (KB; the bot's is 32 MB). Rows are appended in key
 * order and each chat's index entries sit together, so a small cache costs no measurable time; it keeps
 * the process's peak RSS flat (2M messages: 229 MB with 8 MB, 264 MB with 32 MB).
 */
export const IMPORT_CACHE_KB = 8000
