import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * `npm start` and the installed `tierbot` go through bin/tierbot.js, which runs the compiled dist/. In a
 * checkout that was never built, or whose sources changed since (a `git pull` without `npm install`),
 * it says so instead of a bare "Cannot find module" or quietly running yesterday's code.
 */
function checkout(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-bin-'))
  fs.mkdirSync(path.join(root, 'bin'))
  fs.copyFileSync(path.resolve('bin/tierbot.js'), path.join(root, 'bin/tierbot.js'))
  return root
}

function run(root: string) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/tierbot.js')], { encoding: 'utf8', timeout: 30_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

function writeAt(file: string, text: string, at: Date): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  fs.utimesSync(file, at, at)
}

describe('bin/tierbot.js', () => {
  it('without dist/ says how to build it (exit 1)', () => {
    const r = run(checkout())
    expect(r.code).toBe(1)
    expect(r.err).toContain('tierbot: dist/ is missing: run `npm install` (or `npm run build`)')
  })

  it('with sources newer than the build: runs it, and says on stderr to rebuild', () => {
    const root = checkout()
    writeAt(path.join(root, 'dist/main.js'), "process.stdout.write('built\\n')\n", new Date('2026-06-17T10:00:00Z'))
    writeAt(path.join(root, 'src/commands/parse.ts'), 'export {}\n', new Date('2026-06-17T11:00:00Z'))
    const r = run(root)
    expect(r.code).toBe(0)
    expect(r.out).toBe('built\n')
    expect(r.err).toContain('tierbot: src/ changed after the last build: run `npm run build`')
  })

  it('with the build up to date (or no sources, as installed): nothing but the program\'s own output', () => {
    const root = checkout()
    writeAt(path.join(root, 'src/main.ts'), 'export {}\n', new Date('2026-06-17T10:00:00Z'))
    writeAt(path.join(root, 'dist/main.js'), "process.stdout.write('built\\n')\n", new Date('2026-06-17T11:00:00Z'))
    expect(run(root)).toEqual({ code: 0, out: 'built\n', err: '' })
    fs.rmSync(path.join(root, 'src'), { recursive: true })
    expect(run(root)).toEqual({ code: 0, out: 'built\n', err: '' })
  })
})
