import { describe, expect, it } from 'vitest'
import { formatFen, parseAmount } from '../../src/commands/amount.js'
import { parseCommand, tokenize } from '../../src/commands/parse.js'

const opts = { maxAmountYuan: 100_000 }
const parse = (text: string) => parseCommand(text, opts)

describe('parseCommand: every command and its Chinese alias', () => {
  it.each([
    { text: '/tier 张三', want: { kind: 'tier', name: '张三' } },
    { text: '/层级 张三', want: { kind: 'tier', name: '张三' } },
    { text: '/TIER 张三', want: { kind: 'tier', name: '张三' } },
    { text: '/tier 张三 宝妈', want: { kind: 'tier', name: '张三 宝妈' } },
    { text: '/tier 张三 L4', want: { kind: 'pin', name: '张三', tier: 4 } },
    { text: '/tier 张三 l2', want: { kind: 'pin', name: '张三', tier: 2 } },
    { text: '/tier 张三 auto', want: { kind: 'pin', name: '张三', tier: null } },
    { text: '/层级 张三 自动', want: { kind: 'pin', name: '张三', tier: null } },
    { text: '/tier "L4"', want: { kind: 'tier', name: 'L4' } },
    { text: '/why 张三', want: { kind: 'why', name: '张三' } },
    { text: '/为什么 张三', want: { kind: 'why', name: '张三' } },
    { text: '/paid 张三 199', want: { kind: 'paid', name: '张三', amountFen: 19900 } },
    { text: '/付款 张三 ¥199 面膜两盒', want: { kind: 'paid', name: '张三', amountFen: 19900, note: '面膜两盒' } },
    { text: '/paid 张三 宝妈 1,299.50', want: { kind: 'paid', name: '张三 宝妈', amountFen: 129950 } },
    { text: '/paid "888" 10', want: { kind: 'paid', name: '888', amountFen: 1000 } },
    { text: '/refund 张三 199', want: { kind: 'refund', name: '张三', amountFen: 19900 } },
    { text: '/退款 张三 199元', want: { kind: 'refund', name: '张三', amountFen: 19900 } },
    { text: '/note 张三 喜欢玫瑰味', want: { kind: 'note', name: '张三', text: '喜欢玫瑰味' } },
    { text: '/备注 「张 三」 要发顺丰', want: { kind: 'note', name: '张 三', text: '要发顺丰' } },
    { text: '/notes 张三', want: { kind: 'notes', name: '张三' } },
    { text: '/备注列表 张三', want: { kind: 'notes', name: '张三' } },
    { text: '/silent', want: { kind: 'silent' } },
    { text: '/沉默 5', want: { kind: 'silent', n: 5 } },
    { text: '/hot', want: { kind: 'hot' } },
    { text: '/热', want: { kind: 'hot' } },
    { text: '/list L3', want: { kind: 'list', tier: 3 } },
    { text: '/名单 L5', want: { kind: 'list', tier: 5 } },
    { text: '/snooze 张三 14', want: { kind: 'snooze', name: '张三', days: 14 } },
    { text: '/暂停 张三 7天', want: { kind: 'snooze', name: '张三', days: 7 } },
    { text: '/snooze 张三', want: { kind: 'snooze', name: '张三' } },
    { text: '/snooze 张三 0', want: { kind: 'snooze', name: '张三', days: 0 } },
    { text: '/stats', want: { kind: 'stats' } },
    { text: '/统计', want: { kind: 'stats' } },
    { text: '/digest', want: { kind: 'digest' } },
    { text: '/日报', want: { kind: 'digest' } },
    { text: '/help', want: { kind: 'help' } },
    { text: '/帮助', want: { kind: 'help' } },
  ])('$text', ({ text, want }) => expect(parse(text)).toEqual(want))
})

describe('parseCommand: names may be quoted, aliases glued, odd spacing', () => {
  it.each([
    { name: 'straight quotes keep the space', text: '/tier "张 三"', want: { kind: 'tier', name: '张 三' } },
    { name: 'curly quotes', text: '/tier “张 三”', want: { kind: 'tier', name: '张 三' } },
    { name: 'corner brackets', text: '/tier 「张三」', want: { kind: 'tier', name: '张三' } },
    { name: 'quoted name then pin', text: '/tier "张 三" L4', want: { kind: 'pin', name: '张 三', tier: 4 } },
    { name: 'quoted name then amount', text: '/paid “张 三” 50', want: { kind: 'paid', name: '张 三', amountFen: 5000 } },
    { name: 'alias glued to its argument', text: '/层级张三', want: { kind: 'tier', name: '张三' } },
    { name: 'longest alias wins', text: '/备注列表张三', want: { kind: 'notes', name: '张三' } },
    { name: 'ideographic space', text: '/tier\u3000张三', want: { kind: 'tier', name: '张三' } },
    { name: 'space after the slash', text: '/ tier 张三', want: { kind: 'tier', name: '张三' } },
    { name: 'Chinese IME slash 、 before a command', text: '、tier 张三', want: { kind: 'tier', name: '张三' } },
  ])('$name', ({ text, want }) => expect(parse(text)).toEqual(want))
})

describe('parseCommand: not a command at all', () => {
  it.each([
    { name: 'plain chat', text: '你好' },
    { name: 'empty', text: '' },
    { name: 'spaces only', text: '   ' },
    { name: 'WeChat emoticon', text: '/::)' },
    { name: 'WeChat emoticon 2', text: '/:P' },
    { name: 'IME slash before ordinary text', text: '、好的' },
    { name: 'slash in the middle', text: '价格 100/盒' },
    { name: '20,000 characters of chat', text: '啊'.repeat(20_000) },
  ])('$name → null', ({ text }) => expect(parse(text)).toBeNull())
})

describe('parseCommand: hostile and malformed input (issue 8) gets a reason, never a throw', () => {
  it.each([
    { name: 'full-width slash', text: '／tier 张三', want: { kind: 'tier', name: '张三' } },
    { name: 'full-width digits', text: '/paid 张三 ５０', want: { kind: 'paid', name: '张三', amountFen: 5000 } },
    { name: 'full-width everything', text: '／ｐａｉｄ　张三　５０', want: { kind: 'paid', name: '张三', amountFen: 5000 } },
    { name: 'NUL bytes are removed', text: '/ti\u0000er 张\u0000三', want: { kind: 'tier', name: '张三' } },
    { name: 'zero-width and bidi characters are removed', text: '/tier \u200b张三\u202e', want: { kind: 'tier', name: '张三' } },
    { name: 'SQL-looking text is just a name', text: "/tier '; DROP TABLE contacts; --", want: { kind: 'tier', name: "'; DROP TABLE contacts; --" } },
    { name: '20,000 characters', text: '/tier ' + 'x'.repeat(20_000), want: { kind: 'invalid', reason: { code: 'too_long', max: 500 } } },
    { name: 'second command on a new line is never run', text: '/tier 张三\n/paid 张三 199', want: { kind: 'invalid', reason: { code: 'multiple_lines' } } },
    { name: 'trailing blank lines are fine', text: '/tier 张三\n\n  \n', want: { kind: 'tier', name: '张三' } },
    { name: 'slash alone', text: '/', want: { kind: 'unknown', word: '' } },
    { name: 'unknown word', text: '/frob 张三', want: { kind: 'unknown', word: 'frob' } },
    { name: 'a typo of a command word: the command meant', text: '/tierx 张三', want: { kind: 'unknown', word: 'tierx', meant: 'tier' } },
    { name: 'two letters swapped', text: '/piad 张三 199', want: { kind: 'unknown', word: 'piad', meant: 'paid' } },
    { name: 'a Chinese word one character off an alias', text: '/付钱 张三 199', want: { kind: 'unknown', word: '付钱', meant: 'paid' } },
    { name: 'nothing that close (foo is two edits from top)', text: '/foo', want: { kind: 'unknown', word: 'foo' } },
    { name: 'words after a read-only command that takes none: it runs, the words are named', text: '/stats 今天', want: { kind: 'stats', ignored: '今天' } },
    { name: 'words after /report or /undo: nothing runs', text: '/undo 李四', want: { kind: 'invalid', reason: { code: 'extra', command: 'undo', input: '李四' } } },
    { name: 'missing name', text: '/tier', want: { kind: 'invalid', reason: { code: 'usage', command: 'tier' } } },
    { name: 'missing note text', text: '/note 张三', want: { kind: 'invalid', reason: { code: 'usage', command: 'note' } } },
    { name: 'paid without a name', text: '/paid 199', want: { kind: 'invalid', reason: { code: 'usage', command: 'paid' } } },
    { name: 'paid without an amount', text: '/paid 张三', want: { kind: 'invalid', reason: { code: 'amount', command: 'paid', problem: 'missing', input: '' } } },
    { name: '1e309', text: '/paid 张三 1e309', want: { kind: 'invalid', reason: { code: 'amount', command: 'paid', problem: 'not_a_number', input: '1e309' } } },
    { name: 'NaN', text: '/paid 张三 NaN', want: { kind: 'invalid', reason: { code: 'amount', command: 'paid', problem: 'not_a_number', input: 'NaN' } } },
    { name: 'Infinity', text: '/refund 张三 Infinity', want: { kind: 'invalid', reason: { code: 'amount', command: 'refund', problem: 'not_a_number', input: 'Infinity' } } },
    { name: '12.345', text: '/paid 张三 12.345', want: { kind: 'invalid', reason: { code: 'amount', command: 'paid', problem: 'too_many_decimals', input: '12.345' } } },
    { name: 'negative', text: '/paid 张三 -5', want: { kind: 'invalid', reason: { code: 'amount', command: 'paid', problem: 'negative', input: '-5' } } },
    { name: 'zero', text: '/paid 张三 0', want: { kind: 'invalid', reason: { code: 'amount', command: 'paid', problem: 'zero', input: '0' } } },
    { name: 'over the ceiling', text: '/paid 张三 100001', want: { kind: 'invalid', reason: { code: 'amount', command: 'paid', problem: 'too_large', input: '100001' } } },
    { name: 'bad tier for a pin', text: '/tier 张三 L9', want: { kind: 'invalid', reason: { code: 'tier', command: 'tier', input: 'L9' } } },
    { name: 'lone surrogate halves are removed', text: '/tier \ud800张三\udfff', want: { kind: 'tier', name: '张三' } },
    { name: 'bad tier for /list', text: '/list L9', want: { kind: 'invalid', reason: { code: 'tier', command: 'list', input: 'L9' } } },
    { name: 'bad count for /silent', text: '/silent lots', want: { kind: 'invalid', reason: { code: 'number', command: 'silent', input: 'lots', min: 1, max: 50 } } },
    { name: 'snooze too long', text: '/snooze 张三 9999', want: { kind: 'invalid', reason: { code: 'number', command: 'snooze', input: '9999', min: 0, max: 365 } } },
  ])('$name', ({ text, want }) => expect(parse(text)).toEqual(want))

  it('a non-string never throws', () => {
    expect(parseCommand(undefined as unknown as string, opts)).toBeNull()
  })
})

describe('parseAmount: yuan as typed → integer fen', () => {
  it.each([
    { input: '199', fen: 19900 },
    { input: '¥199', fen: 19900 },
    { input: '￥199', fen: 19900 },
    { input: '199元', fen: 19900 },
    { input: '199 元', fen: 19900 },
    { input: '1,299.50', fen: 129950 },
    { input: '0.01', fen: 1 },
    { input: '12.3', fen: 1230 },
    { input: '５０', fen: 5000 },
    { input: '100000', fen: 10_000_000 },
  ])('$input → $fen fen', ({ input, fen }) => expect(parseAmount(input, 100_000)).toEqual({ ok: true, fen }))

  it.each([
    { input: '', problem: 'missing' },
    { input: '-199', problem: 'negative' },
    { input: '¥-1', problem: 'negative' },
    { input: '0', problem: 'zero' },
    { input: '0.00', problem: 'zero' },
    { input: 'NaN', problem: 'not_a_number' },
    { input: '1e309', problem: 'not_a_number' },
    { input: 'abc', problem: 'not_a_number' },
    { input: '1,2', problem: 'not_a_number' },
    { input: '12.345', problem: 'too_many_decimals' },
    { input: '100000.01', problem: 'too_large' },
    { input: '9'.repeat(400), problem: 'too_large' },
  ])('$input refused: $problem', ({ input, problem }) => expect(parseAmount(input, 100_000)).toMatchObject({ ok: false, problem }))

  it.each([
    { fen: 19900, text: '¥199' },
    { fen: 129950, text: '¥1,299.50' },
    { fen: 5, text: '¥0.05' },
  ])('formatFen($fen) = $text', ({ fen, text }) => expect(formatFen(fen)).toBe(text))
})

it('tokenize: an unclosed quote is kept as a plain word', () => {
  expect(tokenize('"张 三').map((t) => t.text)).toEqual(['"张', '三'])
})

describe('parseCommand: the merchant\'s text is kept as written (issue 18 §8)', () => {
  it.each([
    { name: 'a full-width comma in a note stays full-width', text: '/note 郭美美 喜欢玫瑰味，生日 3月8日', want: { kind: 'note', name: '郭美美', text: '喜欢玫瑰味，生日 3月8日' } },
    { name: 'full-width digits in a note stay as typed', text: '/note 张三 要１０支', want: { kind: 'note', name: '张三', text: '要１０支' } },
    { name: 'a unit after the amount is not a note', text: '/paid 郭美美 199 元', want: { kind: 'paid', name: '郭美美', amountFen: 19900 } },
    { name: 'a unit and then a note', text: '/paid 郭美美 199 块 玫瑰味，两瓶', want: { kind: 'paid', name: '郭美美', amountFen: 19900, note: '玫瑰味，两瓶' } },
    { name: 'a full stop after a name is not part of it', text: '/tier 李娜。', want: { kind: 'tier', name: '李娜' } },
    { name: 'a question mark after a name', text: '/why 李娜？', want: { kind: 'why', name: '李娜' } },
    { name: 'full-width command word and name are still read', text: '／ｔｉｅｒ　李娜', want: { kind: 'tier', name: '李娜' } },
  ])('$name', ({ text, want }) => expect(parseCommand(text)).toEqual(want))
})
