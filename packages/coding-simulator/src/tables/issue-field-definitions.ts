/**
 * The team's issue fields: a few system fields and custom fields of every ComponentType in the
 * reference table (coding-openapi-streams.md §2). The first five custom fields are the ones issues
 * always carried (same ids and names); projects choose which fields each issue type shows
 * (project-issue-fields.ts), and issues carry values of those (custom-field-values.ts).
 */
import { DATASET_FACTS } from '../dataset.js';
import { teamTable } from '../declarative/table.js';
import { DAY_MS } from '../shanghai-time.js';

export type ComponentType =
  | 'TEXT_SINGLE_LINE'
  | 'TEXT_MULTI_LINE'
  | 'SELECT_SINGLE'
  | 'SELECT_MULTI'
  | 'RADIO'
  | 'CHECKBOX'
  | 'SELECT_MEMBER_SINGLE'
  | 'SELECT_MEMBER_MULTI'
  | 'TEXT_DATE'
  | 'TEXT_DATETIME'
  | 'TEXT_INTEGER'
  | 'TEXT_DECIMAL'
  | 'SELECT_ITERATION_SINGLE';

export interface FieldOption {
  title: string;
  value: string;
  sort: number;
}

export interface FieldDefinition {
  id: number;
  name: string;
  /** SYSTEM fields are the issue's own columns; CUSTOM ones travel in CustomFields[] (the values Type takes are INFERRED). */
  type: 'SYSTEM' | 'CUSTOM';
  componentType: ComponentType;
  unit: string;
  options: readonly FieldOption[];
  description: string;
  createdAt: number;
  updatedAt: number;
}

const options = (...pairs: ReadonlyArray<readonly [string, string]>): FieldOption[] => pairs.map(([title, value], i) => ({ title, value, sort: i + 1 }));

type Spec = readonly [id: number, name: string, type: FieldDefinition['type'], component: ComponentType, unit: string, options: readonly FieldOption[], description: string];

const FIELDS: readonly Spec[] = [
  [1, '处理人', 'SYSTEM', 'SELECT_MEMBER_SINGLE', '', [], ''],
  [2, '优先级', 'SYSTEM', 'SELECT_SINGLE', '', options(['紧急', '3'], ['高', '2'], ['中', '1'], ['低', '0']), ''],
  [3, '开始日期', 'SYSTEM', 'TEXT_DATE', '', [], ''],
  [4, '截止日期', 'SYSTEM', 'TEXT_DATE', '', [], ''],
  [5, '描述', 'SYSTEM', 'TEXT_MULTI_LINE', '', [], ''],
  [6, '迭代', 'SYSTEM', 'SELECT_ITERATION_SINGLE', '', [], ''],
  [7, '预估工时', 'SYSTEM', 'TEXT_DECIMAL', '小时', [], ''],
  [210101, '客户名称', 'CUSTOM', 'TEXT_SINGLE_LINE', '', [], '提出需求或反馈问题的客户'],
  [210102, '影响版本', 'CUSTOM', 'SELECT_MULTI', '', options(['v2.3', 'v2.3'], ['v2.4', 'v2.4'], ['v2.5', 'v2.5'], ['v3.0', 'v3.0']), ''],
  [210103, '协作人', 'CUSTOM', 'SELECT_MEMBER_MULTI', '', [], '除处理人外参与的成员 👥'],
  [210104, '计划上线日期', 'CUSTOM', 'TEXT_DATE', '', [], ''],
  [210105, '预估成本（人天）', 'CUSTOM', 'TEXT_DECIMAL', '人天', [], ''],
  [210106, '验收标准', 'CUSTOM', 'TEXT_MULTI_LINE', '', [], '可验证的验收条件，每行一条'],
  [210107, '严重程度', 'CUSTOM', 'SELECT_SINGLE', '', options(['致命', 'FATAL'], ['严重', 'MAJOR'], ['一般', 'MINOR'], ['提示', 'TRIVIAL']), ''],
  [210108, '是否需要回归', 'CUSTOM', 'RADIO', '', options(['是', 'yes'], ['否', 'no']), ''],
  [210109, '影响平台', 'CUSTOM', 'CHECKBOX', '', options(['iOS', 'ios'], ['Android', 'android'], ['Web', 'web'], ['微信小程序', 'wechat-mini']), ''],
  [210110, '产品负责人', 'CUSTOM', 'SELECT_MEMBER_SINGLE', '', [], ''],
  [210111, '上线时间', 'CUSTOM', 'TEXT_DATETIME', '', [], '实际发布到生产环境的时间 🚀'],
  [210112, '影响用户数', 'CUSTOM', 'TEXT_INTEGER', '人', [], ''],
];

/** In id order: system fields, then custom ones. */
export const ISSUE_FIELD_DEFINITIONS = teamTable<FieldDefinition, number>({
  name: 'issue-field-definitions',
  key: (f) => f.id,
  generate: ({ rng }) =>
    FIELDS.map(([id, name, type, componentType, unit, opts, description]) => {
      const createdAt = DATASET_FACTS.rangeStart - rng.int(20, 90) * DAY_MS + rng.int(0, 86_399) * 1000;
      return { id, name, type, componentType, unit, options: opts, description, createdAt, updatedAt: createdAt + rng.int(0, 30) * DAY_MS };
    }),
});
