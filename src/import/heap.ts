/**
 * Old-generation cap for the import process (MB). Reading a big export allocates fast and V8 lets an
 * uncapped heap grow with the file although little stays live (~20 MB): 600k messages peaked at 280 MB
 * uncapped, 213 MB capped, at the same speed.
 */
export const IMPORT_HEAP_MB = 128
