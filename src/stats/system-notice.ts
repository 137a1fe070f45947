/*
 * WeChat's own notices in a chat, which some protocols deliver as text from the contact or the room
 * ("你已添加了张三，现在可以开始聊天了。", "以上是打招呼的内容", "张三撤回了一条消息", "李四邀请王五加入了群聊").
 * Nobody typed them: a new friend who never wrote is still a stranger (L0), and a merchant's recall notice
 * answers no one. A 拍一拍 is the person acting, so it is not among them. Pure.
 */

const NOTICES: readonly RegExp[] = [
  /^你已添加了.{1,64}，现在可以开始聊天了。?$/su,
  /^以上是打招呼的内容$/u,
  /^.{1,64}开启了朋友验证，你还不是他（她）朋友。/su,
  /^消息已发出，但被对方拒收了。?$/u,
  /^(?:你|".{1,64}"|.{1,64})撤回了一条消息$/su,
  /^.{1,64}邀请.{1,400}加入了群聊$/su,
  /^.{1,64}通过扫描.{1,64}分享的二维码加入群聊$/su,
  /^.{1,64}修改群名为“.*”$/su,
  /^你已成为新群主$/u,
]

// Every notice holds one of these: most messages are ruled out without a regular expression.
const CUES = ['开始聊天', '打招呼', '朋友验证', '拒收', '撤回了', '群聊', '群名', '群主']

/** Is this text a WeChat system notice rather than words someone typed? */
export function isSystemNotice(text: string): boolean {
  if (text.length === 0 || text.length > 600 || !CUES.some((c) => text.includes(c))) return false
  const t = text.trim()
  return NOTICES.some((re) => re.test(t))
}
