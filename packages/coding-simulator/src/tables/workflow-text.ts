/**
 * Word pools for comments, work logs and multi-line custom fields. Like dataset-text.ts they mix
 * Chinese, English, Markdown, emoji outside the BMP, a ZWJ sequence and an astral ideograph.
 */

export const COMMENT_OPENINGS: readonly string[] = [
  '已复现 🐛', '收到，我来跟进 👀', '补充一下背景：', '@产品 请确认一下', '看了下日志，', '👍 方案可行', 'LGTM ✅',
  '这个问题在 **v2.4** 也存在', '已修复，请验证 🙏🏻', '和客户沟通过了，', 'Looks good to me.', '需要补充单元测试 🧪',
];

export const COMMENT_BODIES: readonly string[] = [
  '原因是缓存 key 没有带租户前缀，导致串数据。',
  '预计明天提测，今天先合并到 `develop` 分支。',
  '复现步骤：\n1. 登录\n2. 打开订单列表\n3. 下拉刷新\n\n结果：白屏 😵',
  '建议拆成两个子任务：前端和后端分别跟进。',
  '客户反馈影响了 𠮷野家 的门店数据同步，优先级提高。',
  '已经在灰度环境验证通过 🚀，等待产品验收。',
  '👩‍💻 代码评审意见已处理，见 MR !128。',
  '这个需求和上个迭代的方案冲突，需要再讨论一下 🤔',
  '性能数据：P99 从 820ms 降到 240ms 📉',
  'Root cause: the retry loop ignored `Retry-After`. Fixed in the SDK.',
  '> 引用：「导出文件名需要包含日期」\n\n已支持。',
  '',
];

export const WORK_LOG_DESCRIPTIONS: readonly string[] = [
  '需求评审与方案设计', '编码实现 👩‍💻', '联调接口', '编写单元测试 🧪', '修复缺陷 🐛', '代码评审', '排查线上问题 🔥',
  '性能压测', '编写文档 📝', '与客户沟通需求', 'Deploy to staging', '',
];

export const ACCEPTANCE_CRITERIA: readonly string[] = [
  '页面加载时间小于 1 秒', '导出的 Excel 包含全部筛选条件', '支持 iOS 与 Android 📱', '错误提示文案经过产品确认',
  '兼容暗色模式 🌙', '埋点数据上报正确', '𠮷 等生僻字显示正常', 'Unit tests cover the happy path',
];
