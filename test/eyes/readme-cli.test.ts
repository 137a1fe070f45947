import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * The README is what a new maintainer follows literally: every `npx tierbot …` command it names, and
 * every flag it gives one, exists in the CLI's own help; and it never points outside the repository.
 */
const README = fs.readFileSync(path.resolve('README.md'), 'utf8')

function help(...words: string[]): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts'), ...words, '--help'], { encoding: 'utf8', timeout: 60_000 })
  expect(r.status, `tierbot ${words.join(' ')} --help`).toBe(0)
  return r.stdout
}

/** `npx tierbot <command> … --flag …` as the README writes them, code blocks and inline code alike. */
function namedCommands(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>()
  for (const m of README.matchAll(/(?:npx tierbot|npm run tierbot --) ([a-z][a-z-]*)([^\n`]*)/g)) {
    const [, command, rest] = m
    if (command === 'help') continue
    const flags = found.get(command) ?? new Set<string>()
    // Flags up to the description (two spaces or more end the synopsis in the command-line block).
    for (const f of rest.split(/\s{2,}/)[0].matchAll(/--[a-z][a-z-]*/g)) flags.add(f[0])
    found.set(command, flags)
  }
  return found
}

describe('the README and the CLI agree', () => {
  const topHelp = help()
  const commands = namedCommands()

  it('names the commands a new user needs', () => {
    expect([...commands.keys()].sort()).toEqual(expect.arrayContaining(['backup', 'db', 'digest', 'export', 'forget', 'import', 'report', 'sync']))
  })

  it.each([...namedCommands().entries()].map(([c, f]) => [c, [...f]] as const))('tierbot %s exists with the flags the README gives it (%s)', (command, flags) => {
    expect(topHelp).toMatch(new RegExp(`^  ${command}\\b`, 'm'))
    const text = help(command)
    for (const flag of flags) expect(text, `${command} ${flag}`).toContain(flag)
  })

  it('every CLI command is in the README', () => {
    const listed = [...topHelp.matchAll(/^ {2}([a-z]+)(?= |\n)/gm)].map((m) => m[1]).filter((c) => c !== 'help')
    for (const command of listed) expect(README, command).toMatch(new RegExp(`npx tierbot ${command}\\b`))
  })

  it('links and paths stay inside the repository', () => {
    expect(README).not.toMatch(/\]\(\.\.\//)
    expect(README).not.toMatch(/\.\.\/shared|domain\.md|\/work\//)
    for (const m of README.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)) expect(fs.existsSync(path.resolve(m[1])), m[1]).toBe(true)
  })
})
