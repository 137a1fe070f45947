import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/*
 * The official wechaty packages and the @juzi fork register protobuf classes under one global namespace
 * and break each other's serialisation in one process. A process that builds the app on one stack must
 * never load the other: checked in a fresh child process by recording every module it resolves.
 */

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')

/** The wechaty packages a child building the app on `kind` loads (package names, sorted). */
function stackPackagesLoaded(kind: 'wechaty' | 'juzi'): string[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-loads-')), 'loads.txt')
  const stdout = execFileSync(process.execPath, [
    '--import', 'tsx', '--import', path.join(here, 'support/record-loads.mjs'),
    path.join(here, 'support/load-stack.ts'), kind,
  ], { cwd: root, env: { ...process.env, TIERBOT_LOADS_FILE: file, HOME: path.dirname(file) }, timeout: 60_000, encoding: 'utf8' })
  expect(stdout).toContain('built')
  const names = new Set<string>()
  for (const url of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /\/node_modules\/((?:@juzi\/)?wechaty[^/]*)\//.exec(url)
    if (m) names.add(m[1])
  }
  return [...names].sort()
}

/** The official stack's packages that define or use the protobuf classes (wechaty-token, shared, has none). */
const OFFICIAL = ['wechaty', 'wechaty-grpc', 'wechaty-puppet', 'wechaty-puppet-service']
const JUZI = OFFICIAL.map((name) => `@juzi/${name}`)

describe('only the chosen stack is ever loaded', () => {
  it('platform juzi loads @juzi packages and none of the official ones', () => {
    const loaded = stackPackagesLoaded('juzi')
    expect(loaded).toContain('@juzi/wechaty')
    expect(loaded).toContain('@juzi/wechaty-puppet-service')
    expect(loaded).toContain('@juzi/wechaty-grpc')
    expect(loaded.filter((name) => OFFICIAL.includes(name))).toEqual([])
  })

  it('platform wechaty loads the official packages and none of @juzi', () => {
    const loaded = stackPackagesLoaded('wechaty')
    expect(loaded).toContain('wechaty')
    expect(loaded).toContain('wechaty-puppet-service')
    expect(loaded).toContain('wechaty-grpc')
    expect(loaded.filter((name) => JUZI.includes(name) || name.startsWith('@juzi/'))).toEqual([])
  })
})
