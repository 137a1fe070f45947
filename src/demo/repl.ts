import readline from 'node:readline'
import type { Readable, Writable } from 'node:stream'

/*
 * The demo's prompt: each line the user types goes to the bot as the merchant admin's private message,
 * and the bot's replies are printed. This is CLI output, so it writes to the given stream directly.
 */

export interface ReplOptions {
  input: Readable
  output: Writable
  /** Deliver one line as the admin's message; resolve with the bot's replies. */
  send(text: string): Promise<string[]>
  prompt?: string
  /** Printed once before the first prompt. */
  banner?: string
}

export interface Repl {
  /** Resolves when the user typed `exit`/`quit` or closed the input (Ctrl-D). */
  closed: Promise<void>
  close(): void
}

const EXIT_WORDS = new Set(['exit', 'quit', '退出'])

export function startRepl(options: ReplOptions): Repl {
  const { output, send } = options
  const rl = readline.createInterface({ input: options.input, output, terminal: false, prompt: options.prompt ?? '店主> ' })
  let finished = false
  let inputEnded = false
  let resolveClosed!: () => void
  const closed = new Promise<void>((resolve) => { resolveClosed = resolve })
  // Lines are answered one at a time, in order, even when they are pasted in a burst.
  let queue = Promise.resolve()

  const finish = () => {
    if (finished) return
    finished = true
    rl.close()
  }

  if (options.banner) output.write(`${options.banner}\n`)
  rl.prompt()

  rl.on('line', (raw) => {
    const line = raw.trim()
    queue = queue.then(async () => {
      if (finished) return
      if (EXIT_WORDS.has(line.toLowerCase())) {
        finish()
        return
      }
      if (line) {
        try {
          const replies = await send(line)
          output.write(replies.length ? replies.map((r) => `机器人: ${r}`).join('\n') + '\n' : '(没有回复)\n')
        } catch (err) {
          output.write(`(发送失败: ${err instanceof Error ? err.message : String(err)})\n`)
        }
      }
      if (!finished && !inputEnded) rl.prompt()
    })
  })
  rl.on('close', () => {
    // End of input: lines already read are still answered; exit words and close() stop at once.
    inputEnded = true
    // Let a line still being answered print before the prompt reports it is done.
    void queue.then(() => resolveClosed())
  })

  return { closed, close: finish }
}
