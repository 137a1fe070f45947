import { fork, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ReportModel } from './model.js'
import type { RenderReply, RenderRequest } from './render-child.js'
import type { PngRenderer, RenderedPng } from './render.js'

/*
 * The weekly picture is drawn in a child process, so the bot never holds what drawing costs (ECharts
 * ~45 MB, harfbuzz's wasm memory for the font subsets ~100 MB; neither is ever given back by a process).
 * The child is started on the first picture, serves the pictures that follow while it is warm (the
 * Monday run sends one per admin and the control room) and exits after `idleMs` without work; its
 * memory goes with it. A child that crashes, answers with an error or takes longer than `timeoutMs`
 * fails that render (the caller sends the text version) and is replaced on the next one.
 */

export interface RenderProcessOptions {
  /** Where the font subsets are kept (see font-cache.ts); `reportFontCacheDir(config.db)`. */
  fontCacheDir: string
  /** Longest wait for one picture, cold start included (default 60 s). The child is killed after it. */
  timeoutMs?: number
  /** How long the child stays after its last picture (default 20 s). */
  idleMs?: number
  /** The child's entry module (tests point it at a misbehaving one). */
  entry?: string
}

export interface ProcessRenderer extends PngRenderer {
  render(model: ReportModel, shopName?: string): Promise<RenderedPng & { rendererPeakRssMb: number }>
  close(): void
  /** The child's pid while one runs (for tests and the bench). */
  pid(): number | undefined
}

const HERE = path.dirname(fileURLToPath(import.meta.url))
const EXT = path.extname(fileURLToPath(import.meta.url))

/** Run from TypeScript sources (tsx, vitest), the child needs the tsx loader, found from here, not from the cwd. */
function childExecArgv(entry: string): string[] {
  if (!entry.endsWith('.ts')) return []
  const loader = createRequire(import.meta.url).resolve('tsx').replace(/\.cjs$/, '.mjs')
  return ['--import', pathToFileURL(loader).href]
}

/** `cache/report-fonts` beside the database file (the OS temp folder for an in-memory database). */
export function reportFontCacheDir(dbFile: string): string {
  const base = dbFile === ':memory:' || dbFile.startsWith('file::memory:') ? path.join(os.tmpdir(), 'tierbot') : path.dirname(path.resolve(dbFile))
  return path.join(base, 'cache', 'report-fonts')
}

export function createPngRenderer(options: RenderProcessOptions): ProcessRenderer {
  const timeoutMs = options.timeoutMs ?? 60_000
  const idleMs = options.idleMs ?? 20_000
  const entry = options.entry ?? path.join(HERE, `render-child${EXT}`)
  let child: ChildProcess | undefined
  let idleTimer: NodeJS.Timeout | undefined
  let queue: Promise<unknown> = Promise.resolve()
  let nextId = 0

  function stopChild(target: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!target) return
    if (child === target) child = undefined
    if (target.connected) target.disconnect()
    if (target.exitCode === null && target.signalCode === null) target.kill(signal)
  }

  function spawnChild(): ChildProcess {
    const started = fork(entry, [path.resolve(options.fontCacheDir)], {
      execArgv: childExecArgv(entry),
      serialization: 'advanced',
      // The child's stdout stays off the bot's (CLI output is for people); errors come back as replies.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    })
    started.on('exit', () => { if (child === started) child = undefined })
    started.on('error', () => { if (child === started) child = undefined })
    return started
  }

  /** Idle: the child must not keep the bot (or a CLI run) alive; it leaves when its channel closes. */
  function setReferenced(target: ChildProcess, on: boolean): void {
    if (on) { target.ref(); target.channel?.ref() } else { target.unref(); target.channel?.unref() }
  }

  function renderOnce(model: ReportModel, shopName?: string): Promise<RenderedPng & { rendererPeakRssMb: number }> {
    clearTimeout(idleTimer)
    const proc = child ??= spawnChild()
    setReferenced(proc, true)
    const id = ++nextId
    return new Promise<RenderedPng & { rendererPeakRssMb: number }>((resolve, reject) => {
      const done = (err: Error | null, value?: RenderedPng & { rendererPeakRssMb: number }) => {
        clearTimeout(timer)
        proc.off('message', onMessage)
        proc.off('exit', onExit)
        proc.off('error', onError)
        if (err) reject(err)
        else resolve(value!)
      }
      const onMessage = (reply: RenderReply) => {
        if (reply.id !== id) return
        if (!reply.ok) return done(new Error(`report render process: ${reply.error}`))
        const png = Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength)
        done(null, { png, width: reply.width, height: reply.height, rendererPeakRssMb: reply.peakRssMb })
      }
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        done(new Error(`report render process exited (${signal ?? `code ${code}`}) before the picture was drawn`))
      const onError = (err: Error) => { stopChild(proc, 'SIGKILL'); done(err) }
      const timer = setTimeout(() => {
        stopChild(proc, 'SIGKILL')
        done(new Error(`report render process took longer than ${timeoutMs} ms; stopped`))
      }, timeoutMs)
      proc.on('message', onMessage)
      proc.on('exit', onExit)
      proc.on('error', onError)
      proc.send({ id, model, shopName } satisfies RenderRequest, (err) => { if (err) onError(err) })
    }).finally(() => {
      if (child !== proc) return
      setReferenced(proc, false)
      idleTimer = setTimeout(() => stopChild(proc), idleMs)
      idleTimer.unref()
    })
  }

  return {
    render(model, shopName) {
      // One picture at a time: the child draws them in turn anyway, and one timeout means one picture.
      const result = queue.then(() => renderOnce(model, shopName))
      queue = result.catch(() => undefined)
      return result
    },
    close() {
      clearTimeout(idleTimer)
      stopChild(child)
    },
    pid: () => child?.pid,
  }
}
