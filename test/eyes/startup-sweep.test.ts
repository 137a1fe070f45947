import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/* Start-up as an operator meets it: a config path that is wrong says so in plain English, exit 2, no stack. */
const ENTRY = path.resolve('src/main.ts')

function tierbot(...args: string[]) {
  return tierbotWith({}, ...args)
}

function tierbotWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    encoding: 'utf8', timeout: 60_000, env: { ...process.env, WECHATY_PUPPET_SERVICE_TOKEN: '', TIERBOT_CONFIG: '', ...env },
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('a config path that does not lead to a file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-cfg-'))
  it.each([
    { name: 'a file that does not exist', file: path.join(dir, 'tierbot.yaml'), says: 'it does not exist' },
    { name: 'a directory', file: dir, says: 'it is a directory, not a file' },
  ])('$name: says what is wrong in words, not an errno (exit 2)', ({ file, says }) => {
    const r = tierbot('--config', file)
    expect(r.code).toBe(2)
    expect(r.err).toContain(`cannot read config file ${file}: ${says}`)
    expect(r.err).toContain('config/tierbot.example.yaml')
    expect(r.err).not.toMatch(/ENOENT|EISDIR|\n\s+at /)
    expect(r.out).toBe('')
  })
})

describe('a puppet-service token without its service prefix', () => {
  it('stops at once with what a token looks like (exit 2), instead of retrying forever', () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-tok-')), 'tierbot.db')
    const r = tierbotWith({ WECHATY_PUPPET_SERVICE_TOKEN: '3f2a9c1e-77b0-4d2e-9a51-0c8e2b6f4d10' }, '--db', db)
    expect(r.code).toBe(2)
    expect(r.err).toContain('tierbot: WECHATY_PUPPET_SERVICE_TOKEN has no service prefix')
    expect(r.err).toContain('puppet_workpro_')
    expect(r.err).not.toContain('3f2a9c1e-77b0')
    expect(r.err).not.toMatch(/\n\s+at /)
  })
})

describe('a setting with a value outside its choices', () => {
  it('reads as one sentence: got "loud"; expected one of …', () => {
    const r = tierbotWith({ TIERBOT_LOG_LEVEL: 'loud' }, 'digest')
    expect(r.code).toBe(2)
    expect(r.err).toContain('log.level: got "loud"; expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent"')
    expect(r.err).not.toContain('Invalid option')
  })
})

describe('a real account started without admins', () => {
  it('says at start that nobody can command it and the digest has no one to go to', () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-noadmin-')), 'tierbot.db')
    const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, '--db', db], {
      encoding: 'utf8', timeout: 8_000,
      env: {
        ...process.env, TIERBOT_CONFIG: '', TIERBOT_ADMINS: '', WECHATY_PUPPET_SERVICE_TOKEN: 'insecure_noadmin',
        WECHATY_PUPPET_SERVICE_ENDPOINT: '127.0.0.1:1', WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT: 'true',
      },
    })
    expect(r.stdout).toContain('tierbot: no admins are set (TIERBOT_ADMINS, or admins: in the config file) and no control room')
    expect(r.stdout).not.toMatch(/^\{/m)
  })
})
