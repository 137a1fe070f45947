/**
 * Old-generation cap for the import process (MB). Reading a big export allocates fast and V8 lets an
 * uncapped heap grow with the file although little stays live (~20 MB): 600k messages peaked at 280 MB
 * uncapped, 213 MB capped, at the same speed.
 */
export const IMPORT_HEAP_MB = 128

/**
 * Environment of the import process. The import reads in a second thread (reader-thread.ts); glibc gives
 * each thread its own malloc arenas, and two arenas instead of up to 16 keep 10–15 MB of the peak RSS
 * (2M messages: 263 against 273–278 MB) at the same speed.
 */
/**
 * SQLite page cache of the import's own connection (KB; the bot's is 32 MB). Rows are appended in key
 * order and each chat's index entries sit together, so a small cache costs no measurable time; it keeps
 * the process's peak RSS flat (2M messages: 229 MB with 8 MB, 264 MB with 32 MB).
 */
export const IMPORT_CACHE_KB = 8000

export const IMPORT_ENV = { MALLOC_ARENA_MAX: '2' }
