import fs from 'node:fs'
import YAML from 'yaml'
import type { z } from 'zod'
import { nearest } from '../shared/distance.js'
import { configSchema, DEFAULT_CONFIG, type Config } from './schema.js'

/** A bad config file or value: the message names the field path, the bad value and what is expected. */
export class ConfigError extends Error {
  constructor(message: string, readonly problems: string[] = []) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** Environment variables a deployment usually sets, and the config key each overrides. */
export const ENV_OVERRIDES = {
  TIERBOT_DB: 'db',
  TIERBOT_TZ: 'timezone',
  TIERBOT_ADMINS: 'admins',
  TIERBOT_CONTROL_ROOM: 'controlRoom',
  TIERBOT_LOG_LEVEL: 'log.level',
  TIERBOT_PLATFORM: 'platform',
} as const

/** Pure: validate a parsed document (plus env overrides) into a Config, or throw ConfigError. */
export function parseConfig(input: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(input ?? {})
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => describeIssue(issue, input))
  throw new ConfigError(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems)
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.length ? issue.path.join('.') : '(top level)'
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path as PropertyKey[])
    const guesses = issue.keys.map((k) => nearest(k, known)).filter((k): k is string => k !== undefined)
    const guess = guesses.length > 0 ? `; did you mean ${guesses.map((k) => `"${k}"`).join(', ')}?` : ''
    return `${path}: unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}${guess} (see config/tierbot.example.yaml for every setting)`
  }
  const value = valueAt(input, issue.path as PropertyKey[])
  return `${path}: got ${formatValue(value)}; ${issue.message.replace(/^Invalid (input|option): /, '')}`
}

/** The setting names allowed at a path of the schema (its defaults have every key). */
function knownKeys(path: PropertyKey[]): string[] {
  const value = valueAt(DEFAULT_CONFIG, path)
  const keys = value !== null && typeof value === 'object' ? Object.keys(value) : []
  // Optional settings without a default are not in DEFAULT_CONFIG.
  return path.length === 0 ? [...keys, 'controlRoom'] : keys
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = input
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<PropertyKey, unknown>)[key]
  }
  return cur
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const HINT_START = 'copy config/tierbot.example.yaml there to start one, or leave out --config and TIERBOT_CONFIG to run with the defaults'

/** Why a config file could not be read, in words (an operator should not have to know errno names). */
function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT': return `it does not exist (${HINT_START})`
    case 'EISDIR': return `it is a directory, not a file (give the YAML file's path; see config/tierbot.example.yaml)`
    case 'EACCES':
    case 'EPERM': return 'permission denied (make it readable by the user running tierbot)'
    default: return code ?? String(err)
  }
}

/** Read and parse a YAML file; a syntax error names the file and line. */
export function readConfigFile(file: string): unknown {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${unreadableReason(err)}`)
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true })
  if (doc.errors.length) {
    throw new ConfigError(`config file ${file} is not valid YAML:\n  - ${doc.errors[0].message.split('\n')[0]}`)
  }
  const value = doc.toJS() as unknown
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) {
    throw new ConfigError(`config file ${file} must be a mapping of settings (key: value), got ${Array.isArray(value) ? 'a list' : typeof value}`)
  }
  return value ?? {}
}

/** Pure: the document with the TIERBOT_* environment overrides applied. */
export function applyEnvOverrides(input: unknown, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone((input ?? {}) as Record<string, unknown>)
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[name]
    if (raw === undefined || raw.trim() === '') continue
    const value = key === 'admins' ? raw.split(/[,，]/).map((s) => s.trim()).filter(Boolean) : raw.trim()
    const parts = key.split('.')
    let target = out
    for (const part of parts.slice(0, -1)) {
      if (typeof target[part] !== 'object' || target[part] === null) target[part] = {}
      target = target[part] as Record<string, unknown>
    }
    target[parts[parts.length - 1]] = value
  }
  return out
}

export interface LoadConfigOptions {
  /** --config PATH, else TIERBOT_CONFIG, else no file (defaults). */
  file?: string
  env: NodeJS.ProcessEnv
}

export interface LoadedConfig {
  config: Config
  file?: string
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const file = options.file ?? (options.env.TIERBOT_CONFIG?.trim() || undefined)
  const document = file ? readConfigFile(file) : {}
  const merged = applyEnvOverrides(document, options.env)
  const source = file ? `config file ${file} (with TIERBOT_* environment overrides)` : 'configuration from the environment'
  try {
    return { config: parseConfig(merged, source), file }
  } catch (err) {
    throw err instanceof ConfigError ? namingEnvVars(err, options.env) : err
  }
}

/** `timezone: got "Mars/Olympus"; … (set by TIERBOT_TZ)`: a bad value that came from a variable names it, so it is found. */
function namingEnvVars(err: ConfigError, env: NodeJS.ProcessEnv): ConfigError {
  let message = err.message
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    if (!env[name]?.trim()) continue
    const at = new RegExp(`^(\\s*- ${key.replace(/\./g, '\\.')}(?:\\.\\S*)?: .*)$`, 'gm')
    message = message.replace(at, `$1 (set by ${name})`)
  }
  return new ConfigError(message, err.problems)
}
