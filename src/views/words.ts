/*
 * Reading customers' words for the views: is a message a question (seed 003 weighs 提问 above chat), and
 * does a new friend's greeting name who sent them ("我是张三介绍的"). Pure.
 */

// Sentence-final particles and question words that make a line a question in chat Chinese.
const QUESTION_MARK = /[?？]\s*$/u
const QUESTION_WORDS = /(吗|么|呢|嘛)[\s~～。!！]*$|怎么|什么|为什么|哪[里个些儿种款]|多久|几[天个号次点]|能不能|可不可以|是不是|有没有|适[合用]|会不会|行不行|好不好/u

/** A question (not necessarily about buying): "这个适合敏感肌吗", "怎么用", "敏感肌能用？". */
export function isQuestion(text: string): boolean {
  const t = text.trim()
  if (t.length < 2) return false
  return QUESTION_MARK.test(t) || QUESTION_WORDS.test(t)
}

// "我是张三介绍的" "张三推荐我来的" "经张三介绍" "张三姐介绍来的", and as friend requests are often written: "我是张三的
// 朋友", "张三让我加你的"; the name is 1–12 characters without spaces or punctuation.
const GREETING_PATTERNS: RegExp[] = [
  /(?:我是|是)\s*([^\s，。,.!！?？:：、我你]{1,12}?)\s*(?:介绍|推荐)(?:的|来的|过来的|我来的)?/u,
  /经\s*([^\s，。,.!！?？:：、]{1,12}?)\s*(?:介绍|推荐)/u,
  /([^\s，。,.!！?？:：、我你是]{1,12}?)\s*(?:介绍|推荐)(?:我|过来|来的|的)/u,
  /(?:我是|是)\s*([^\s，。,.!！?？:：、我你的]{1,12}?)\s*的\s*(?:朋友|闺蜜|同事|同学|邻居|姐妹|老乡)/u,
  /([^\s，。,.!！?？:：、我你是]{1,12}?)\s*(?:让|叫|推)我(?:来)?加(?:你|您)/u,
]
// Words before the name that are not part of it: "我是通过张三介绍的", "由张三推荐".
const BEFORE_NAME = /^(?:你的?朋友|朋友|通过|经过|经|由)/u

/** The name a greeting credits, or null ("我是张三介绍的" → 张三). */
export function readReferrerName(hello: string): string | null {
  const text = hello.trim()
  if (!text) return null
  for (const pattern of GREETING_PATTERNS) {
    const m = pattern.exec(text)
    if (m && m[1]) return m[1].replace(BEFORE_NAME, '').trim() || null
  }
  return null
}
