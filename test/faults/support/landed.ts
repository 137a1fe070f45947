import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * The features this suite checks land on main one by one; cases that need one run once it is there
 * and wired into the app. Once everything has landed these guards always pass and can go.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const read = (file: string) => {
  try { return fs.readFileSync(path.join(ROOT, file), 'utf8') } catch { return '' }
}

/** Admin commands are answered by the app (src/commands wired in src/app). */
export function commandsWired(): boolean {
  return /commands\//.test(read('src/app/app.ts')) || fs.existsSync(path.join(ROOT, 'src/app/features.ts')) && /commands\//.test(read('src/app/features.ts'))
}

/** The ladder keeps contact_stats up to date on ingest. */
export function ladderWired(): boolean {
  return /tiers\/service|stats\//.test(read('src/app/app.ts') + read('src/app/features.ts'))
}

/** The morning digest is scheduled by the app. */
export function digestWired(): boolean {
  return /digest\/schedule/.test(read('src/app/app.ts') + read('src/app/features.ts'))
}

/** The CLI entry exists (child-process cases). */
export function mainLanded(): boolean {
  return fs.existsSync(path.join(ROOT, 'src/main.ts'))
}

export const REPO_ROOT = ROOT
