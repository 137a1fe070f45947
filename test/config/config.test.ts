import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyEnvOverrides, ConfigError, loadConfig, parseConfig, readConfigFile } from '../../src/config/load.js'
import { DEFAULT_CONFIG } from '../../src/config/schema.js'

const EXAMPLE = path.resolve(import.meta.dirname, '../../config/tierbot.example.yaml')

function writeTemp(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tierbot-config-')), 'tierbot.yaml')
  fs.writeFileSync(file, text)
  return file
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('config', () => {
  it('the example file parses and equals the documented defaults', () => {
    const { config } = loadConfig({ file: EXAMPLE, env: {} })
    expect(config).toEqual(DEFAULT_CONFIG)
  })

  it('defaults follow docs/rules.md', () => {
    expect(DEFAULT_CONFIG.ladder.roundsForL2).toBe(3)
    expect(DEFAULT_CONFIG.ladder.l5MinSpendFen).toBe(50_000)
    expect(DEFAULT_CONFIG.timezone).toBe('Asia/Shanghai')
    expect(DEFAULT_CONFIG.labels.remarkMaxLength).toBe(20)
    expect(DEFAULT_CONFIG.digest.cron).toBe('0 9 * * *')
  })

  it.each([
    { name: 'wrong type names path, value and expectation', input: { labels: { ratePerMinute: 'fast' } }, expected: 'labels.ratePerMinute: got "fast"; expected number' },
    { name: 'unknown time zone', input: { timezone: 'Mars/Olympus' }, expected: 'timezone: got "Mars/Olympus"; expected an IANA time zone' },
    { name: 'bad HH:MM', input: { digest: { catchUpUntil: '25:00' } }, expected: 'digest.catchUpUntil: got "25:00"; expected HH:MM' },
    { name: 'typo in a top-level key', input: { admin: ['x'] }, expected: 'unknown setting "admin"' },
    { name: 'typo in a nested key', input: { labels: { ratePerMinit: 3 } }, expected: 'labels: unknown setting "ratePerMinit"' },
    { name: 'negative threshold', input: { ladder: { roundsForL2: -1 } }, expected: 'ladder.roundsForL2: got -1' },
    { name: 'remark prefix without {code}', input: { labels: { remarkPrefix: 'VIP' } }, expected: 'labels.remarkPrefix: got "VIP"; must contain {code}' },
  ])('$name', ({ input, expected }) => {
    expect(errorOf(() => parseConfig(input)).message).toContain(expected)
  })

  it('a file that is not YAML names the file', () => {
    const file = writeTemp('admins: [unclosed\n  db: x')
    expect(errorOf(() => readConfigFile(file)).message).toMatch(/is not valid YAML/)
  })

  it('a file that is a list, not settings, is refused', () => {
    const file = writeTemp('- a\n- b\n')
    expect(errorOf(() => readConfigFile(file)).message).toContain('must be a mapping of settings')
  })

  it('a missing file is named', () => {
    expect(errorOf(() => loadConfig({ file: '/nonexistent/tierbot.yaml', env: {} })).message).toContain('cannot read config file /nonexistent/tierbot.yaml')
  })

  it('TIERBOT_CONFIG names the file when --config is absent', () => {
    const file = writeTemp('timezone: Europe/Berlin\n')
    expect(loadConfig({ env: { TIERBOT_CONFIG: file } }).config.timezone).toBe('Europe/Berlin')
  })

  it('environment overrides win over the file: TIERBOT_DB, TIERBOT_ADMINS (comma or full-width comma), TIERBOT_TZ', () => {
    const file = writeTemp('db: from-file.db\nadmins: [file-admin]\n')
    const { config } = loadConfig({ file, env: { TIERBOT_DB: '/tmp/x.db', TIERBOT_ADMINS: 'wxid_a, 老板，wxid_b', TIERBOT_TZ: 'Asia/Tokyo' } })
    expect(config.db).toBe('/tmp/x.db')
    expect(config.admins).toEqual(['wxid_a', '老板', 'wxid_b'])
    expect(config.timezone).toBe('Asia/Tokyo')
  })

  it('a bad environment value is reported like a bad file value', () => {
    expect(errorOf(() => loadConfig({ env: { TIERBOT_TZ: 'Nowhere/City' } })).message).toContain('timezone: got "Nowhere/City"')
  })

  it('env overrides do not mutate the parsed document', () => {
    const doc = { log: { level: 'warn' } }
    applyEnvOverrides(doc, { TIERBOT_LOG_LEVEL: 'debug' })
    expect(doc.log.level).toBe('warn')
  })
})
