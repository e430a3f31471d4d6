/**
 * Word pools for the generated dataset. The text deliberately mixes Chinese, English, Markdown,
 * HTML, emoji outside the Basic Multilingual Plane (🚀 🦄 🧪), a ZWJ sequence (👩‍💻), a skin-tone
 * modifier (🙏🏻) and an astral CJK ideograph (𠮷), because those are what break naive
 * string handling (UTF-16 surrogates, byte-length limits, normalisation).
 */

export const PEOPLE: ReadonlyArray<readonly [name: string, pinyin: string]> = [
  ['张伟', 'zhangwei'], ['王芳', 'wangfang'], ['李娜', 'lina'], ['刘洋', 'liuyang'], ['陈静', 'chenjing'],
  ['杨磊', 'yanglei'], ['赵敏', 'zhaomin'], ['黄晓明', 'huangxiaoming'], ['周杰', 'zhoujie'], ['吴婷', 'wuting'],
  ['徐强', 'xuqiang'], ['孙丽', 'sunli'], ['马超', 'machao'], ['朱琳', 'zhulin'], ['胡军', 'hujun'],
  ['郭蕾', 'guolei'], ['何平', 'heping'], ['高远', 'gaoyuan'], ['林晨', 'linchen'], ['罗佳', 'luojia'],
  ['郑凯', 'zhengkai'], ['梁雪', 'liangxue'], ['谢宇', 'xieyu'], ['宋佳怡', 'songjiayi'], ['唐浩', 'tanghao'],
  ['许诺', 'xunuo'], ['韩梅', 'hanmei'], ['冯涛', 'fengtao'], ['邓超', 'dengchao'], ['曹颖', 'caoying'],
  ['Alice Chen', 'alicechen'], ['小鹿🦌', 'xiaolu'], ['彭博', 'pengbo'], ['曾帆', 'zengfan'], ['萧然', 'xiaoran'],
  ['田甜', 'tiantian'], ['董洁', 'dongjie'], ['潘越', 'panyue'], ['袁野', 'yuanye'], ['蒋欣', 'jiangxin'],
];

export const PROJECTS: ReadonlyArray<readonly [name: string, displayName: string, description: string]> = [
  ['platform', '平台基础服务', '统一账号、权限、网关等基础能力 🧱'],
  ['mobile-app', '移动端 App', 'iOS / Android 客户端 📱'],
  ['data-warehouse', '数据仓库', '离线数仓、指标与报表 🏭'],
  ['payment-gateway', '支付网关', '收单、退款与对账'],
  ['design-system', '设计系统', '组件库与设计规范 🎨'],
  ['search-service', '搜索服务', '全文检索与推荐召回'],
  ['ops-toolkit', '运维工具箱', '发布、监控与告警工具'],
  ['growth-lab', '增长实验室', 'A/B 实验与用户增长 🧪'],
];

export const LABELS: ReadonlyArray<readonly [name: string, color: string]> = [
  ['前端', '#2F80ED'], ['后端', '#27AE60'], ['性能', '#F2994A'], ['安全', '#EB5757'],
  ['技术债', '#9B51E0'], ['客户反馈', '#F2C94C'], ['🔥 紧急', '#FF0000'], ['文档', '#56CCF2'],
];

export const MODULES: readonly string[] = ['账户', '支付', '搜索', '报表', '消息通知', '基础设施'];

export const OBJECTS: readonly string[] = [
  '登录页', '订单列表', '支付回调', '搜索接口', '用户画像', '推送服务', '权限模型', '报表导出', '首页推荐',
  '消息中心', '发票模块', '优惠券', '数据同步任务', 'API 网关', '埋点 SDK', '𠮷野家门店数据', 'OAuth 授权',
  '审批流', '购物车', '会员等级',
];

const SYMPTOMS = ['白屏', '偶现崩溃', '加载超时', '数据重复', '金额显示错误', '时区显示错误', '内存泄漏', '无法滚动'];
const PLATFORMS = ['iOS 17', 'Android 14', 'Safari', 'Chrome', '微信小程序', 'Windows 11'];
const MISSION_VERBS = ['重构', '优化', '迁移', '升级', '梳理', '清理', '压测', '接入'];
const SUB_TASK_FORMS = ['编写{o}单元测试', '联调{o}接口', '{o}前端实现', '{o}后端实现', '{o}代码评审', '补充{o}文档'];
const REQUIREMENT_FORMS = [
  '支持{o}导出为 Excel', '作为运营，我希望{o}可以按渠道筛选', '{o}支持多语言', '{o}增加批量操作',
  '新增{o}审计日志', '{o}接入企业微信通知',
];
const EPIC_FORMS = ['【规划】{o}全面升级', '{o} 2.0', '统一{o}体系', '{o}国际化'];
const ENGLISH_NAMES = [
  'Refactor auth middleware', 'Upgrade Node.js to 20 LTS', 'Flaky test in CI pipeline', 'Add rate limiting to public API',
];
const SUFFIXES = ['', '', '', '', '', ' 🚀', ' 🐛', ' 🔥', ' 🧪', ' 🦄', ' 👩‍💻', ' ✅', ' 🙏🏻'];

export const ISSUE_NAME_PARTS = {
  SYMPTOMS, PLATFORMS, MISSION_VERBS, SUB_TASK_FORMS, REQUIREMENT_FORMS, EPIC_FORMS, ENGLISH_NAMES, SUFFIXES,
};

/** Shared by reference between issues, so a large dataset does not hold one copy per issue. */
export const DESCRIPTIONS: readonly string[] = [
  '## 背景\n\n用户反馈在高峰期操作卡顿。\n\n## 目标\n\n- P99 延迟 < 300ms\n- 错误率 < 0.1%\n',
  '### 复现步骤\n\n1. 打开 App\n2. 进入「我的订单」\n3. 下拉刷新\n\n**期望**：列表刷新\n**实际**：白屏 😵\n',
  '参考设计稿：[Figma](https://www.figma.com/file/abc123)\n\n> 注意兼容暗色模式 🌙\n',
  '```sql\nSELECT user_id, count(*) FROM orders WHERE created_at >= \'2024-01-01\' GROUP BY user_id;\n```\n\n结果与报表不一致。',
  '| 字段 | 类型 | 说明 |\n| --- | --- | --- |\n| id | bigint | 主键 |\n| name | varchar(64) | 名称 |\n',
  '<p>旧版编辑器创建的描述，包含 <b>HTML</b> 标签与 &lt;转义&gt; 字符。</p>',
  'As a developer I want the SDK to retry on 429 so that bursts do not fail.\n\n- [ ] design\n- [x] spike\n',
  '排查发现是缓存 key 冲突导致 🐛，修复方案：\n\n* key 增加租户前缀\n* 灰度 10% → 50% → 100% 🚀\n',
  '日志片段：\n\n```\nERROR 2024-03-02T10:11:12.345+08:00 [main] Timeout after 30000ms\n```\n',
  '多行文本\r\nWindows 换行\r\n以及制表符\t和反斜杠 \\ 与 "引号"。',
  '𠮷野家门店数据同步需要支持生僻字（𠮷、𡈽）与 emoji 店名 🍜🦄。',
  '验收标准：\n\n1. 👩‍💻 开发自测通过\n2. 🧪 测试用例全部通过\n3. 🙏🏻 产品验收\n',
];

export const ITERATION_GOALS: readonly string[] = [
  '', '完成支付改版一期 💳', '稳定性专项：清零 P0 缺陷', '上线会员体系 🚀', '数据看板 MVP', '性能优化与技术债清理',
];

export const FILE_NAMES: ReadonlyArray<readonly [name: string, type: number]> = [
  ['screenshot-登录页.png', 2], ['crash.log', 1], ['需求说明.docx', 3], ['架构图.svg', 4], ['录屏 🎬.mp4', 3],
];

export const CUSTOMERS: readonly string[] = ['招商银行', '顺丰速运', 'ACME Corp', '𠮷野家', '小红书'];
export const VERSIONS: readonly string[] = ['v2.3', 'v2.4', 'v2.5', 'v3.0'];
