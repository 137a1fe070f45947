import { describe, expect, it } from 'vitest'
import { isSystemNotice } from '../../src/stats/system-notice.js'

describe("WeChat's own notices are nobody interacting (docs/rules.md §1 L0: never wrote)", () => {
  it.each([
    { text: '你已添加了张三，现在可以开始聊天了。', notice: true },
    { text: '以上是打招呼的内容', notice: true },
    { text: '张三开启了朋友验证，你还不是他（她）朋友。请先发送朋友验证请求，对方验证通过后，才能聊天。', notice: true },
    { text: '消息已发出，但被对方拒收了。', notice: true },
    { text: '"张三"撤回了一条消息', notice: true },
    { text: '你撤回了一条消息', notice: true },
    { text: '李四邀请王五、赵六加入了群聊', notice: true },
    { text: '"王五"通过扫描"李四"分享的二维码加入群聊', notice: true },
    { text: '张三修改群名为“宝妈福利群”', notice: true },
    // Typed by a person, even when it mentions the same words.
    { text: '张三拍了拍我', notice: false },
    { text: '我刚才撤回了一条消息，发错了', notice: false },
    { text: '可以拉我进群聊吗', notice: false },
    { text: '现在可以开始聊天了吗', notice: false },
  ])('$text → $notice', ({ text, notice }) => {
    expect(isSystemNotice(text)).toBe(notice)
  })
})
