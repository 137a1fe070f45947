import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { startRepl } from '../../src/demo/repl.js'

function harness(reply: (text: string) => string[] | Promise<string[]>) {
  const input = new PassThrough()
  const output = new PassThrough()
  let printed = ''
  output.on('data', (chunk) => { printed += String(chunk) })
  const sent: string[] = []
  const repl = startRepl({
    input, output, banner: '模拟账号：小美的店',
    send: async (text) => { sent.push(text); return reply(text) },
  })
  return { input, repl, sent, printed: () => printed }
}

describe('demo REPL', () => {
  it('sends each typed line as the admin and prints the bot\'s replies', async () => {
    const h = harness((text) => [`收到：${text}`])
    h.input.write('你好\n/tier 张三\n')
    h.input.end()
    await h.repl.closed
    expect(h.sent).toEqual(['你好', '/tier 张三'])
    expect(h.printed()).toContain('模拟账号：小美的店')
    expect(h.printed()).toContain('机器人: 收到：你好')
    expect(h.printed()).toContain('机器人: 收到：/tier 张三')
  })

  it.each(['exit', 'quit', '退出'])('"%s" ends the session; later lines are not sent', async (word) => {
    const h = harness(() => ['ok'])
    h.input.write(`一\n${word}\n二\n`)
    await h.repl.closed
    expect(h.sent).toEqual(['一'])
  })

  it('Ctrl-D (end of input) ends the session', async () => {
    const h = harness(() => [])
    h.input.end()
    await h.repl.closed
    expect(h.sent).toEqual([])
  })

  it('says so when the bot does not answer or sending fails, and keeps going', async () => {
    const h = harness((text) => {
      if (text === '坏') throw new Error('not logged in')
      return []
    })
    h.input.write('空\n坏\n好\n')
    h.input.end()
    await h.repl.closed
    expect(h.printed()).toContain('(没有回复)')
    expect(h.printed()).toContain('(发送失败: not logged in)')
    expect(h.sent).toEqual(['空', '坏', '好'])
  })
})
