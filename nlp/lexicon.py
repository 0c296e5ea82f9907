"""Closed word lists (Simplified) the rules use: name suffixes, titles, surnames, breakers."""
from __future__ import annotations


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


# Institution-name suffixes and the type they give; longest first when matched.
PROJECT_SUFFIXES = tuple(
    "合作区 科学城 科技城 示范区 试验区 先行区 新区 片区 园区 科技园 产业园 科学园 创新园 基地 平台 "
    "专项 计划 工程 走廊 枢纽 港 谷 小镇 基金 专项资金 交易会 洽谈会 科教城 大赛 峰会 "
    "论坛 博览会 展览会 大会".split()
)
# Plans, programmes of law and ordinances are documents, not projects.
DOCUMENT_SUFFIXES = tuple("规划 方案 纲要 条例 实施意见 实施细则 管理办法 行动计划".split())
ORG_SUFFIXES = tuple(
    "研究院 研究所 实验室 中心 联盟 交易所 大学 学院 医院 委员会 协会 学会 商会 基金会 集团 公司 "
    "银行 局 署 厅 办公室 政府 科学院 工程院 研究会 促进会 联合会 总会 书院 中学 小学 法院 检察院 "
    "议会 立法会 办事处 校区 小组 工作组 管理局 管委会 管理委员会 委 部 处 社 报 所 院 馆 "
    "有限公司 股份有限公司 有限责任公司 海关 组".split()
)
SUFFIX_TYPE = {s: "project" for s in PROJECT_SUFFIXES} | {s: "organisation" for s in ORG_SUFFIXES} \
    | {s: "document" for s in DOCUMENT_SUFFIXES}
# One-character suffixes only count when the segmenter keeps them a word of their own or
# they end a word that is itself a body (工业局, 科技部); these words end in them but are not bodies.
NOT_BODIES = frozenset(
    "布局 格局 大局 结局 当局 开局 全局 出局 饭局 邮局 骗局 赌局 部署 签署 公署 专署 大厅 客厅 "
    "餐厅 展厅 "
    "内部 外部 全部 局部 部分 干部 东部 西部 南部 北部 中部 头部 底部 腹部 总部 本部 各部 "
    "港口 香港 港澳 港人 深港 粤港 来港 访港 抵港 赴港 在港 全港 本港 港府 离港 港股 港元 港币 "
    "山谷 低谷 硅谷 峡谷 上市公司 有限公司 子公司 母公司 分公司 总公司 "
    "之处 到处 好处 处理 处于 相处 各处 此处 难处 "
    "研究所 场所 所有 所以 所在 所属 住所 诊所 厕所 "
    "学院 医院 法院 剧院 影院 "
    "报道 报告 日报 晚报 时报 年报 周报 快报 画报 海报 公报 汇报 举报 申报 通报 "
    "社会 报社 旅行社 出版社 通讯社 合作社 "
    "".split()
)
# Venues: a name ending in one is a place where something happens, not a body (大埔社區中心).
VENUE_ENDINGS = tuple("社区中心 社区会堂 体育馆 康体大楼 体育中心 邻里社区中心 社区会所 大会堂 展览中心".split())
# Words that end a name when walking left from its suffix, whatever their tag.
NAME_BREAKERS = frozenset(
    "以上 以下 以来 上市 共建 合建 兴建 扩建 建成 的 之 和 与 或 同 跟 及 以及 并 并且 而 等 由 在 于 "
    "将 是 为 了 对 把 被 向 从 以 让 给 据 其 该 这 那 此 各 每 "
    "多 个 家 首个 首批 一批 全国 国内 全球 今年 明年 去年 目前 日前 近日 昨日 今日 当日 早前 其中 "
    "包括 位于 通过 "
    "共同 携手 依托 推动 支持 加快 推进 建设 打造 成立 设立 启动 揭牌 落户 进驻 入驻 签署 发布 举行 "
    "举办 出席 "
    "参观 考察 调研 走访 访问 来到 到 抵达 表示 指出 认为 称 说 提出 宣布 透露 介绍 同时 此外 另外 "
    "而且 但 但是 "
    "已 已经 正 正在 将会 还 也 都 均 又 再 更 最 首 新 旗下 下属 属下 所属 新建 筹建 组建 牵头 主导 "
    "主办 承办 "
    "协办 合办 共建 一个 一家 一项 一批 多个 多家 两个 两家 有关 相关 有 没有 作为 成为 获 获得 获批 "
    "批准 围绕 面向 "
    "一 二 两 三 四 五 六 七 八 九 十 第 我 你 他 她 它 我们 他们 她们 本 记者 报道 讯 文 图 是次 当中 "
    "之一 之间 "
    "计划 拟 将于 预计 正式 首次 率先 以来 以后 之后 后 前 上 下 中 内 外 方面 领域 等等 至 到 给予 亦 "
    "则 即 所有 印发 出台 公布 颁布 制定 审议 修订 实施 前往 前来 往返 "
    "可 能 会 要 需 须 应 向 就 令 使 让 请 邀请 带领 率领 组织 协调 负责 "
    "主持 致辞 会见 会晤 会上 会后".split()
)
# Tags (jieba) that may stand inside a name; the rest (verbs, particles, adverbs ...) break it.
NAME_TAGS = frozenset("n nr nrt nrfg ns nt nz nw j vn an b x eng l i ng s f".split())
PROPER_TAGS = frozenset("nr nrt nrfg ns nt nz nw j x eng".split())
# Suffixes so common in ordinary phrases (生物科技公司, 公共科研平台) that a name ending in them
# needs a proper word (a place, a brand, a curated name) in front.
GENERIC_SUFFIXES = frozenset(
    "平台 中心 公司 基地 集团 计划 工程 园区 大会 论坛 小组 工作组 项目 专项资金 基金 "
    "有限公司 股份有限公司 有限责任公司 海关".split()
)
# Modifiers a name may not start with unless it holds a proper word (国家实验室, 重点项目).
GENERIC_HEADS = tuple("国际 国家 全国 世界 全球 重点 相关 有关 其他 一些 部分 主要 国家级 省级 市级 区级 "
                      "县级 各类 各个 多个 若干 不同 临时 所有".split())
# Modifiers that, when they are all there is before the suffix, make a kind of body, not a name
# (公立医院, 国有银行, 中央委员会 cut out of a longer name, 联合实验室), whatever jieba's tag.
GENERIC_MODIFIERS = frozenset(
    "国际 国家 全国 世界 全球 重点 相关 有关 其他 一些 部分 主要 中央 地方 公立 私立 各级 基层 上级 "
    "下级 当地 本地 境外 海外 外资 民营 国有 中小 主管 所属 下属 联合 商业 金融 科研 高等 大型".split()
)
# Words that end a discovered name walking left, beside NAME_BREAKERS: time units (过去24小时
# 公立医院) and position words a name never holds.
TIME_WORDS = frozenset(
    "小时 分钟 秒钟 天 日 月 年 周 星期 季度 上午 下午 晚上 凌晨 早上 中午 傍晚 年度 月份 期间 "
    "今天 昨天 明天 现时 目前 现在 起 止 期内 年内 月内".split()
)
# Characters that, inside a word jieba's HMM made up (tag x), show a name cannot reach further left:
# prepositions, conjunctions, particles and the verb 予 (起共向卫生署, 从市科技创新局, 及鹰君集团, 批予).
OOV_STOP_CHARS = frozenset(
    "从由向对把被给据在于与和及跟供将经让令使请为自往至予即共起并或的了着是已也又就该此这"
)

# Tags of words that cannot begin a personal name.
NOT_NAME_START_TAGS = frozenset("d a ad an v vd vn p c u r m q t f uj ul uz ug ud zg".split())

# Title nouns: a personal name follows them directly (深圳市长覃伟中, 记者胡永爱).
TITLE_NOUNS = _longest_first(
    "市长 副市长 常务副市长 代市长 省长 副省长 常务副省长 代省长 书记 副书记 市委书记 省委书记 常委 "
    "市委常委 "
    "省委常委 主任 副主任 常务副主任 局长 副局长 署长 副署长 处长 副处长 部长 副部长 厅长 副厅长 司长 "
    "副司长 "
    "校长 副校长 署理校长 院长 副院长 常务副院长 执行院长 所长 副所长 主席 副主席 总裁 副总裁 董事长 "
    "副董事长 "
    "董事 总经理 副总经理 行政长官 特首 秘书长 副秘书长 常任秘书长 记者 实习记者 特约记者 通讯员 教授 "
    "副教授 "
    "讲座教授 院士 研究员 副研究员 首席科学家 科学家 首席执行官 行政总裁 总监 议员 立法会议员 委员 "
    "人大代表 "
    "政协委员 理事长 副理事长 会长 副会长 创办人 创始人 联合创始人 主管 负责人 专员 总干事 执行董事 "
    "总工程师 "
    "博士 参赞 大使 总领事 区长 副区长 区委书记 镇长 主委 组长 副组长 队长 发言人 首席经济学家 "
    "经济学家 分析师 "
    "总编辑 社长 署理局长 副局长 政务司司长 财政司司长 律政司司长 局长 首席技术官 技术总监 合伙人 顾问 "
    "特别顾问 高级顾问 首席 副首席 总监 执行长 监事长 党委书记 党组书记 总指挥 常务理事 理事 会员 "
    "执行主任 执行副主任 执行总裁 执行所长 主任委员 副主任委员 学部委员 首席研究员 "
    "项目负责人 创会会长 荣誉会长 行政主管 经理 总裁兼 医生 律师".split()
)
HONORIFICS = ("院士", "教授", "博士", "先生", "女士", "同志", "主席", "局长", "校长")

SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温"
    "康施文牛樊"
    "葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗"
    "谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐"
    "冀郁胥南班"
    "储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索"
    "宣晋相初门"
    "云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾"
    "戎勾茅利於"
    "呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由丘甯"
)
DOUBLE_SURNAMES = frozenset(
    "欧阳 司徒 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 司马 夏侯 端木 长孙 宇文 申屠 南宫 独孤 西门 "
    "万俟 闻人 "
    "轩辕 钟离 宗政 濮阳 淳于 单于 太史 澹台 公冶 呼延".split()
)
# Words that can follow a personal name; they decide between 2- and 3-character names.
AFTER_NAME = _longest_first(
    "表示 指出 说 称 在 于 出席 认为 强调 介绍 透露 坦言 会见 会晤 主持 致辞 发表 等 一行 院士 教授 "
    "博士 先生 女士 "
    "同志 率 率领 率团 带领 带队 及 和 与 也 亦 则 早前 今日 昨日 日前 近日 今天 昨天 当天 曾 就 对 向 "
    "为 是 深圳 "
    "报道 表明 解释 提到 提出 希望 期望 相信 说明 亲自 到 来 分享 讲解 回应 接受 答 指 的 又 还 更 已 "
    "将 都 均 "
    "们 分别 共同 一同 代表 宣布 视察 考察 调研 走访 参观 见证 签署 作 做 所 会 上 前往 抵达 讲话 发言 "
    "致 颁发 "
    "获 获得 获颁 担任 兼任 出任 领导 主导 牵头 带 陪同 与会 宣读 讲述 谈及 谈到 直言 承认 预计 估计 "
    "建议 呼吁 "
    "报告 撰文 说道 笑言 续称 补充 亦指 形容 寄语 勉励 要求 部署 主讲 点评 答问 受访 告诉 对记者 香港 "
    "广州 北京 "
    "上海 澳门 珠海 东莞 佛山 惠州 中山 江门 肇庆 湛江 汕头 南沙 前海 横琴 河套 "
    "莅临 到访 访问 拜访 登门 看望".split()
)
