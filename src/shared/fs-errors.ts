/*
 * File-system errors in words a person at the terminal reads without looking up an errno.
 */

const REASONS: Record<string, string> = {
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'part of the path is a file, not a folder',
  ENOENT: 'the folder does not exist and cannot be made',
  EACCES: 'no permission to write there',
  EPERM: 'no permission to write there',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EISDIR: 'it is a folder',
}

/** Why a file could not be made or written, in plain words; undefined for an error that is not one of these. */
export function fsReason(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  return code ? REASONS[code] : undefined
}
