/*
 * A labelled evaluation set for the signal reader: realistic lines a 微商 customer types to the merchant
 * (skincare, food, baby goods, supplements, clothes), written for this project. Each line carries what a
 * merchant reading the chat would conclude, with the default keyword lists and rules:
 *   intent · approval · complaint · referral · persona:宝妈 / persona:上班族 / persona:价格敏感
 * Format: `text | signals` (space separated; nothing after `|` = no signal). `#` starts a comment line.
 * The choices behind the labels are the domain notes in src/signals/reading.ts (a quality question is
 * buying intent; a double negation is a hedge; a why-question about a problem is a complaint …).
 *
 * The last section was written in one go after the rules and lists above were tuned on the rest, and
 * scored before they were tuned again: it is the nearest thing here to unseen lines (see README).
 *
 * Left out as genuinely ambiguous (a merchant could read them either way):
 * - "可以退货吗" / "能退款吗" alone: a return-policy question before buying, or a customer who wants to
 *   return after buying; the chat before it decides, the line does not.
 * - "效果还好" / "还行吧" / "一般般": lukewarm; some merchants call it approval, some do not.
 * - "不要太好用" (Shanghai usage: "very good") vs "不要太好用了吧" (sarcasm): region and tone decide.
 * - "谁不喜欢呢" / "哪有不好用的": rhetorical questions whose answer the tone carries.
 * - "怎么这么好用？" with a question mark can be praise or disbelief.
 * - "用了一个月了真的有效果吗" after buying: doubt about the result (complaint?) or a real question.
 * - "我闺蜜说不好用": a complaint heard second hand; is it the customer's complaint?
 * - "没有比这个更好用的了": approval by comparison; the keyword sits under a negation of a comparison.
 * - "怎么还没发货": an order being chased; neither buying intent nor quite a complaint.
 * - "好用吧" / "挺好用的吧": asking for confirmation or stating; tone decides.
 * - "不会是假货吧" / "没有副作用吧": a worry put as a negated guess; asking before buying, or a reproach.
 * - "哈哈哈笑死我了" style laughter after the merchant's joke: friendliness, not approval of the product.
 */

export interface EvalLine {
  text: string
  /** intent, approval, complaint, referral, persona:NAME */
  expected: string[]
  line: number
}

const RAW = String.raw`
# ── buying intent: price, stock, how to buy, shipping ──
这个多少钱呀 | intent
多少钱一盒 | intent
面膜怎么卖 | intent
价格发我一下 | intent
这款精华什么价 | intent
蜂蜜还有货吗 | intent
还有吗？ | intent
怎么买啊 | intent
我想买两盒 | intent
给我发个链接 | intent
链接发一下 | intent
包邮吗 | intent
广东包邮不 | intent
今天下单什么时候发货 | intent
能发顺丰吗，明天下单 | intent
要一盒 | intent
拍一套试试 | intent
有优惠吗 | intent
有没有优惠 | intent
没有优惠吗？ | intent
不包邮吗 | intent
是不是没有货了 | intent
怎么付款 怎么付 | intent
我想要那个粉色的 | intent
推荐一下适合油皮的 | intent
有什么推荐的吗 | intent
哪款适合干皮 | intent
还有库存吗 | intent
可以预定吗 | intent
直接转你还是怎么下单 | intent
多少前 | intent
这个价钱能接受，发链接吧 | intent
老规矩要两盒 | intent
我要下单 | intent
购买的话怎么操作 | intent
新款什么时候发货 | intent
有货的话给我留一个 | intent
这套多少钱，包邮不 | intent
请问蜂蜜多少钱一斤 | intent
咋卖的 | intent
想买个送我妈 | intent
你好，我想购买这个茶叶 | intent

# ── approval: plain words ──
太好用了 | approval
很好用 | approval
真的好用 | approval
特别喜欢这个味道 | approval
好喜欢 | approval
收到了，很满意 | approval
质量不错 | approval
还不错 | approval
挺好的 | approval
效果很好 | approval
效果真的好 | approval
用了一周有效果 | approval
谢谢亲 | approval
谢谢你 | approval
感谢推荐 | approval
太棒了 | approval
爱了爱了 | approval
已经回购第三次了 | approval
给你好评 | approval
颜色很好看 | approval
蜂蜜好吃 | approval
味道好闻 | approval
这个茶好喝 | approval
真给力 | approval
真香 | approval
绝了 | approval
yyds | approval
YYDS！ | approval
赞 | approval
强烈推荐 | approval
孩子说很喜欢 | approval persona:宝妈
我妈特别满意 | approval
面膜用完皮肤很好 | approval
这次的货很好，满意 | approval
好用到哭 | approval
真的挺好用的 | approval
超级喜欢 | approval
无比喜欢 | approval
喜欢喜欢 | approval
宝贝收到了，谢谢 | approval
很棒的一次购物 | approval

# ── approval: emoji and WeChat codes ──
[强] | approval
[强][强][强] | approval
👍 | approval
👍👍 | approval
❤️ | approval
❤ | approval
[爱心] | approval
[玫瑰][玫瑰] | approval
[鼓掌] | approval
😍 | approval
🥰🥰 | approval
收到啦[爱心] | approval
用着不错[强] | approval
已收到👍 | approval
好的[玫瑰] | approval
[赞] | approval
[微笑] |
[捂脸] |
😂 |
[OK] |
好的👌 |

# ── complaint ──
我要退货 | complaint
申请退款 | complaint
过敏了 | complaint
用了脸上过敏 | complaint
质量太差了 | complaint
质量很差 | complaint
你们这是假货吧 | complaint
骗子 | complaint
给差评 | complaint
收到就坏了 | complaint
盖子坏了 | complaint
不好用 | complaint
一点也不好用 | complaint
不太好用 | complaint
不是很好用 | complaint
没效果 | complaint
用了半个月没什么效果 | complaint
没啥效果 | complaint
效果不好 | complaint
效果很差 | complaint
太差了 | complaint
垃圾 | complaint
我要投诉 | complaint
用完烂脸了 | complaint
收到的是过期的 | complaint
发错货了 | complaint
太失望了 | complaint
上当了 | complaint
很难用 | complaint
后悔买了 | complaint
不满意 | complaint
不是很满意 | complaint
没用两天就坏了 | complaint
没几天就过敏了 | complaint
用了没效果，我要退款 | complaint
这个面膜用了刺痛过敏 | complaint
完全没有效果 | complaint
效果一点都不好 | complaint

# ── referral ──
我朋友也想要 | referral intent
我闺蜜也想试试 | referral
我同事想买一盒 | referral intent persona:上班族
帮朋友问一下多少钱 | referral intent
帮朋友带两盒 | referral intent
给朋友买的 | referral
已经推荐给我妈了 | referral
我把你推荐给我表姐了 | referral
介绍给我同学了 | referral
分享给闺蜜了，她说想加你 | referral
安利给室友了 | referral
朋友想要链接 | referral intent
闺蜜想买同款 | referral intent
同事都想要 | referral intent persona:上班族
我朋友想问问价格 | referral intent
我推荐给好几个朋友了 | referral
朋友用了说好，我也想买 | intent
能推荐给我一款吗 | intent
介绍给我一个适合敏感肌的 | intent
你推荐给我的那个很好用 | approval

# ── persona ──
宝宝能用吗 | persona:宝妈
孩子多大可以吃 | persona:宝妈
奶粉还有吗 | intent persona:宝妈
宝宝辅食怎么做 | persona:宝妈
娃一直在哭，晚点说 | persona:宝妈
我儿子三岁了 | persona:宝妈
给女儿买的 | persona:宝妈
怀孕可以用吗 | persona:宝妈
哺乳期能喝吗 | persona:宝妈
在上班，晚点回你 | persona:上班族
刚下班 | persona:上班族
今天又加班 | persona:上班族
公司楼下收快递 | persona:上班族
老板在旁边不方便 | persona:上班族
开会呢 | persona:上班族
每天通勤好累 | persona:上班族
有点贵 | persona:价格敏感
太贵了 | persona:价格敏感
能便宜点吗 | persona:价格敏感
有没有便宜一点的 | persona:价格敏感
打折的时候叫我 | persona:价格敏感
这样挺划算 | persona:价格敏感
有优惠券吗 | intent persona:价格敏感
性价比高吗 | persona:价格敏感
能不能砍价 | persona:价格敏感
好贵啊 | persona:价格敏感
我没有孩子 |
我不上班 |
不贵 |
不太贵 |

# ── negation scope: approval not counted ──
不喜欢 |
我不喜欢这个颜色 |
不太喜欢 |
不是很喜欢 |
不是特别喜欢 |
不怎么喜欢 |
没那么喜欢 |
也没有很喜欢 |
一点也不喜欢 |
一点都不喜欢 |
并不喜欢 |
并不是很喜欢 |
都不喜欢 |
不太满意 | complaint
没觉得好用 | complaint
不觉得好用 | complaint
没感觉好用 | complaint
不会再回购了 |
不想退货了 |
我不想投诉你 |
不打算投诉了 |
不需要退货 |
我需要退货 | complaint
没想退款 |
不再回购了 |
没回购 |
不算满意 | complaint
不大喜欢 |
不咋喜欢 |
不是太喜欢这个味道 |
没有很好看 |
不好看 |
不好吃 |
不好闻 |
不怎么好喝 |
味道不是很好闻 |
不是不喜欢 |
不是不好用 |
没有不满意 |
这个颜色我不太喜欢😅 |
不是很喜欢[捂脸] |
说实话不怎么喜欢 |
我女儿不太喜欢 | persona:宝妈
不是很喜欢这个香味，太浓了 |

# ── negation of complaints and intent ──
没有过敏 |
用了没过敏 |
不会过敏 |
没再过敏了 |
放心别给差评 |
不退货了 |
不用退款了 |
不是假货 |
不会退的 |
没坏 |
暂时不想买 |
不想要了 |
不要链接 |
没有货了 |
不用发货了 |
先不下单 |
不购买 |

# ── questions: a quality question asks, it is no verdict (counts as buying intent) ──
好用吗 | intent
好用吗？ | intent
真的有效果吗 | intent
真的有效果吗？ | intent
喜欢吗？ | intent
宝宝会喜欢吗 | intent persona:宝妈
效果好吗 | intent
效果好不好 | intent
这个好用么 | intent
好用不 | intent
有效果没 | intent
是不是很好用 | intent
会过敏吗 | intent
会不会过敏 | intent
敏感肌会过敏吗？ | intent
这个会不会让皮肤过敏 | intent
是不是假货啊 | intent
容易坏吗 | intent
质量差吗 | intent
好吃吗 | intent
好喝不 | intent
颜色好看吗😊 | intent
这个好用吗，多少钱 | intent
满意吗？ | intent
有人用过吗，好用吗 | intent
孩子吃了会过敏吗 | intent persona:宝妈
喜不喜欢 | intent

# ── why-questions about a problem are complaints; exclamations are praise ──
怎么会过敏 | complaint
怎么会过敏？ | complaint
为什么没效果 | complaint
为什么用了没效果？ | complaint
怎么退款 | complaint
退款怎么弄 | complaint
咋坏了 | complaint
为啥质量这么差 | complaint
怎么这么好用 | approval
怎么这么好用啊哈哈 | approval
为什么这么好用 | approval

# ── clause breaks: a negation or a question does not reach the next clause ──
不，喜欢 | approval
不过说真的很喜欢 | approval
不过很好用 | approval
不贵，挺好用 | approval
不贵挺好用的 | approval
不是我说，真的好用 | approval
没想到这么好用 | approval
没想到效果这么好 | approval
不得不说很好用 | approval
别说还真挺好用 | approval
不喜欢颜色但是很好用 | approval
颜色不喜欢，但是质量不错 | approval
不太会用，但是效果很好 | approval
不知道怎么说，就是喜欢 | approval
没用过这么好用的 | approval
不是很懂，不过挺喜欢的 | approval
不客气，很好用 | approval
不 真的好用 | approval
刚开始不习惯 后来越用越喜欢 | approval
虽然不便宜😂效果真的好 | approval
好用吗？我觉得很好用 | approval
喜欢吗？我很喜欢 | approval
很好用还有货吗 | approval intent
不错，还有吗 | approval intent
喜欢，怎么买 | approval intent
无敌好用 | approval
不愧是大牌 很满意 | approval

# ── courtesy and polite no ──
谢谢，不用了 |
谢谢 不需要了 |
谢谢亲，暂时不需要 |
感谢，我再看看 |
好的谢谢，先不买了 |
谢谢啦 | approval
好的谢谢 | approval
多谢多谢 | approval
谢谢你的耐心 | approval
嗯嗯谢谢 | approval

# ── mixed messages ──
上次买的很好用，再来两盒，多少钱 | approval intent
很喜欢，我闺蜜也想要一套 | approval referral intent
宝宝用了很好，还有货吗 | approval intent persona:宝妈
上班没时间，链接发我吧 | intent persona:上班族
太贵了，有优惠吗 | intent persona:价格敏感
喜欢是喜欢，就是有点贵 | approval persona:价格敏感
效果不错，就是有点过敏 | approval complaint
用了过敏，可以退款吗 | complaint
收到是坏的，能退吗 | complaint
收到是坏了的，能退款吗 | complaint
面膜很好用，精华没效果 | approval complaint
不喜欢这个颜色，有别的颜色吗 | intent
不好用，退款 | complaint
质量差，还骗人 | complaint
颜色喜欢，尺码不对要换 | approval
很满意[强]下次还来 | approval
[强]已推荐给同事 | approval referral persona:上班族
谢谢，孩子很喜欢 | approval persona:宝妈
加班回来看到快递，开心，很喜欢 | approval persona:上班族
好看！多少钱？ | approval intent
别的都挺好，就是有点过敏 | approval complaint
# sarcasm: praise beside a problem that came at once, or in the same clause, is the complaint (no "but" between)
太好用了，用一次就过敏了 | complaint
质量真好，穿一次就坏了 | complaint
谢谢你的假货 | complaint
真满意，用两天就坏了 | complaint
好用个屁 | complaint
喜欢个鬼，都退了吧 | complaint
会过敏才怪 |
一点效果都没有 | complaint
用了一点用都没有 | complaint
脸上起痘了 | complaint
收到的时候瓶子碎了 | complaint
面霜漏了一半 | complaint
不是很满意，想退货 | complaint
打折吗，打折就买 | intent persona:价格敏感
便宜点我就要两盒 | intent persona:价格敏感
朋友推荐来的，想买面膜 | intent
我是宝妈，想买点辅食 | intent persona:宝妈
好用！已回购 | approval
好用好用，我同事也想买 | approval referral intent persona:上班族
东西收到了，不太满意，包装坏了 | complaint
不喜欢，退货 | complaint
用着还行，不过有点贵 | persona:价格敏感

# ── long messages ──
我跟你说啊昨天晚上回家以后试了一下，真的太好用了，明天再来买两瓶送人 | approval intent
上次在你这买的那个面膜我用了差不多一个月了，皮肤确实好了很多，我妈看了也说好，这次想再要两盒，顺便问一下有没有什么活动 | approval intent
你好，我是之前在群里看到你发的蜂蜜，想问一下是不是纯天然的，家里有小孩，担心有添加剂，多少钱一瓶呀 | intent persona:宝妈
说实话第一次买的时候还担心是假货，收到以后打开看了一下包装很精致，用了几天感觉皮肤没那么干了，挺满意的 | approval
用了十几天了一点效果都没有，脸上还起了好多小疙瘩，我觉得是过敏了，你们怎么处理 | complaint
我每天上班都特别累，晚上回去只想躺着，听同事推荐了你家的精华，想试试，多少钱一瓶 | intent persona:上班族
今天收到货打开一看瓶子漏了一半，外面的盒子也压坏了，快递太暴力了，这个怎么办 | complaint
之前买的那款不是很喜欢，味道有点冲，不知道有没有淡一点的款式推荐一下 | intent
东西很好，孩子很喜欢，就是快递有点慢，下次能不能发顺丰，我愿意补运费 | approval intent persona:宝妈
这个价格说实话有点贵，我在别的地方看到更便宜的，你这边能不能便宜一点，可以的话我就多拿几盒 | intent persona:价格敏感
我不是不喜欢这个产品，就是觉得最近手头紧，等发工资了再说吧 | persona:价格敏感
用了两个礼拜，说不上好也说不上坏，还在观察 |
昨天晚上加班到十点，回家敷了一片你家的面膜，第二天同事都说我气色好，哈哈，爱了爱了 | approval persona:上班族
我皮肤比较敏感，怕过敏，你这个敏感肌能用吗 | intent
我妈说这个茶叶比她以前喝的都好喝，让我再帮她买两斤，还是之前那个价格吗 | approval intent
我家宝宝湿疹，用了你推荐的那个霜，三天就好了很多，真的太感谢了，已经推荐给我们小区的宝妈群了 | approval referral persona:宝妈
收到货了，包装很用心，还没开始用，用了再跟你反馈 |
上次说的那个活动还有吗，我想趁着打折多囤点，家里孩子多用得快 | intent persona:宝妈 persona:价格敏感
我不太懂这些，你帮我看看哪款适合四十岁的，皮肤有点松，预算三百左右 | intent
你家东西真不错，我用了半年了，身边好几个朋友问我用的什么，我都推荐给她们了 | approval referral

# ── typos, slang, dialect ──
稀饭 | approval
好用滴很 | approval
杠杠的好用 | approval
多少前一瓶 | intent
这个咋买 | intent
还有货木有 | intent
给力给力 | approval
超赞 | approval
很棒棒 | approval
蛮好用的 | approval
好用的一批 | approval
炒鸡好用 | approval
太好用le | approval
hao用 | approval
ok的 |
不错不错👍 | approval
质量没得说 | approval

# ── neutral chat: no signal, also where a keyword's characters appear ──
好的 |
嗯嗯 |
收到 |
在吗 |
你好 |
哈哈哈 |
晚安 |
早上好 |
今天天气不错啊 |
今天天气好 |
我先去忙了 |
吃饭了吗 |
快递到了吗 |
已经收到了 |
好的知道了 |
那我明天再问你 |
我先考虑考虑 |
行 |
OK |
嗯，我看看 |
拍照给你看 |
在外面，回去说 |
你是哪里人呀 |
我很好奇这个是怎么做的 |
不用谢 |
没关系 |
没事没事 |
不急 |
不知道 |
不是我买的 |
我还没用 |
还没到 |
没收到消息 |
没问题 |
别急 |
无所谓 |
差不多了 |
要不你先忙 |
我去拿快递 |
路上堵车 |
# ── written after the first tuning round and scored before the second (see the note at the top) ──
这个面霜多少米 | intent
还能再便宜点不 | persona:价格敏感
给我留两瓶，晚上转你 | intent
你家这个和专柜的一样吗 | 
老板，上次那个爽肤水还有没 | intent
能寄到新疆吗 | intent
运费多少 | intent
我要三盒，发中通 | intent
这个是正品吗 | 
怎么用啊 | 
一天用几次 | 
用完了，再给我来一瓶 | intent
好好用啊 | approval
用着挺舒服的 | approval
皮肤嫩了好多，开心 | approval
真心不错 | approval
这次的比上次的好用 | approval
味道我很喜欢 | approval
我妈说好吃，还要 | approval intent
家里人都爱吃 | approval
孩子天天要喝 | persona:宝妈
你家的东西就没让我失望过 | approval
非常满意的一次购物 | approval
辛苦了，谢谢 | approval
么么哒 | 
[爱心][爱心]收到 | approval
👍🏻 | approval
好评好评 | approval
用了有点刺痛 | complaint
脸上冒痘了，是不是过敏 | complaint
这味道太难闻了 | complaint
跟图片不一样，我要退 | complaint
少发了一盒 | complaint
快递把盒子压扁了 | complaint
都一个星期了还没收到货 | 
用了三天脸红了 | complaint
这个效果也太一般了吧 | complaint
感觉被骗了 | complaint
不是说包退吗 | 
你们客服态度太差了 | complaint
质量真的不行 | complaint
不怎么样 | complaint
一般般吧，没有想象的好 | complaint
不喜欢这个味道 | 
不太好吃 | 
我不太满意这个颜色 | complaint
说实话不是很好用 | complaint
其实也没那么喜欢 | 
算不上喜欢 | 
我觉得一般，不怎么好用 | complaint
没你说的那么好用 | complaint
用了没感觉有什么效果 | complaint
暂时没发现有什么效果 | complaint
也不是不好，就是没啥感觉 | 
好用是好用，就是太贵了 | approval persona:价格敏感
真的好用吗？别骗我 | intent
会不会长痘 | intent
用了会不会变黑 | intent
适合敏感肌吗 | intent
孕妇能用吗 | persona:宝妈
宝宝吃了会上火吗 | intent persona:宝妈
小孩子能喝吗，会不会太甜 | persona:宝妈
喜欢的话再找你 | 
哇塞太好看了吧 | approval
我闺蜜看到了也说要一套 | referral intent
帮我同事也拍一个 | referral intent persona:上班族
我表妹也想买 | referral intent
我把你微信推给我朋友了 | referral
朋友圈好几个人问我链接 | referral intent
推荐了两个同事来加你 | referral persona:上班族
我妈让我帮她也买一盒 | intent
在公司，等会说 | persona:上班族
刚哄完娃睡觉 | persona:宝妈
带娃没时间，你帮我挑 | persona:宝妈
最近手头紧，等发工资 | persona:价格敏感
双十一有活动吗 | intent persona:价格敏感
买三送一吗 | intent
满减怎么算 | intent persona:价格敏感
哈哈好的 | 
你人真好 | approval
你也辛苦了 | 
明天去公司再说 | persona:上班族
嗯嗯收到啦 | 
行吧 | 
那就算了 | 
我再想想 | 
东西不错，就是物流慢了点 | approval
包装有点破，不过东西没事，挺好用的 | approval
虽然有点贵，但是真的好用 | approval persona:价格敏感
面膜一般，洗面奶很好用 | approval
没想到真的有效 | approval
一点都不油腻，很喜欢 | approval
不粘不腻，好用 | approval
不刺激，不过敏，适合我 | approval
用了不过敏，很温和 | approval
我对酒精过敏，这个有酒精吗 | intent
上次你说这个不会过敏，结果我过敏了 | complaint
用了一个月没什么变化，是不是我用法不对 | complaint
这个月第三次回购了哈哈 | approval
吃完了，再来三斤 | intent
`

export const EVAL_SET: EvalLine[] = RAW.split('\n').flatMap((raw, i) => {
  const line = raw.trim()
  if (line === '' || line.startsWith('#')) return []
  const bar = line.lastIndexOf('|')
  if (bar < 0) throw new Error(`eval-set line ${i}: missing "|": ${line}`)
  const text = line.slice(0, bar).trim()
  const expected = line.slice(bar + 1).trim().split(/\s+/).filter((s) => s !== '')
  return [{ text, expected, line: i }]
})
