/**
 * The generator of the first tables (tables/legacy-tables.ts): the team, its users and settings,
 * the projects and, per project, labels, modules, members, iterations and issues. Everything is
 * derived from the seed and fixed anchor dates, never from the current time, so one seed gives a
 * byte-identical dataset on every run. Each project draws from its own generator stream, so the
 * size of one project does not change the contents of another. These tables share that stream
 * per project; tables added since have one stream each (declarative/table.ts), and this file
 * keeps its order of draws so existing seeds stay byte-identical.
 */
import {
  CUSTOMERS,
  DESCRIPTIONS,
  FILE_NAMES,
  ISSUE_NAME_PARTS,
  ITERATION_GOALS,
  LABELS,
  MODULES,
  OBJECTS,
  PEOPLE,
  PROJECTS,
  VERSIONS,
} from './dataset-text.js';
import {
  UNSET_ITERATION_TIME,
  type CustomFieldRecord,
  type Dataset,
  type IssueRecord,
  type IssueStatusRecord,
  type IssueTypeRecord,
  type IterationRecord,
  type MembershipRecord,
  type ProjectData,
  type TeamData,
  type UserRecord,
} from './model.js';
import { Prng } from './prng.js';
import { DAY_MS, shanghaiTime } from './shanghai-time.js';
import type { IssueStatusType, IssueType, Priority, RoleType } from './types.js';

export interface DatasetSize {
  projects: number;
  issuesPerProject: number;
  iterationsPerProject: number;
  membersPerProject: number;
}

export const DEFAULT_DATASET_SIZE: DatasetSize = {
  projects: 3,
  issuesPerProject: 150,
  iterationsPerProject: 8,
  membersPerProject: 12,
};

/**
 * Fixed moments every project contains, whatever the seed, so tests can aim at them.
 * All issue timestamps fall inside [rangeStart, rangeEnd].
 */
export const DATASET_FACTS = {
  rangeStart: shanghaiTime(2022, 7, 1),
  rangeEnd: shanghaiTime(2024, 6, 30, 18),
  /** UpdatedAt shared by a group of `bulkEditSize` issues per project (a bulk edit). */
  bulkEditAt: shanghaiTime(2024, 4, 18, 10, 30),
  bulkEditSize: 24,
  /** The Shanghai calendar day that starts at `dayStartAt`. */
  boundaryDay: '2024-06-01',
  /** 2024-05-31 23:59:59.999 at UTC+8: UpdatedAt of `boundaryIssues` issues per project. */
  lastMsBeforeBoundary: shanghaiTime(2024, 5, 31, 23, 59, 59, 999),
  /** 2024-06-01 00:00:00.000 at UTC+8: UpdatedAt of `boundaryIssues` other issues per project. */
  dayStartAt: shanghaiTime(2024, 6, 1),
  boundaryIssues: 2,
} as const;

const SPRINT_MS = 14 * DAY_MS;
/** The sprint in progress at the end of the data range. */
const CURRENT_SPRINT_START = shanghaiTime(2024, 6, 24);

export const ROLE_DEFINITIONS: Readonly<Record<RoleType, { roleId: number; name: string }>> = {
  EnterpriseOwner: { roleId: 80001, name: '企业所有者' },
  EnterpriseAdmin: { roleId: 80002, name: '企业管理员' },
  EnterpriseMember: { roleId: 80003, name: '企业成员' },
  ProjectAdmin: { roleId: 90001, name: '项目管理员' },
  ProjectMember: { roleId: 90002, name: '开发' },
  ProjectGuest: { roleId: 90003, name: '访客' },
  ProjectManager: { roleId: 90004, name: '项目经理' },
  ProductManager: { roleId: 90005, name: '产品经理' },
  ProjectOperation: { roleId: 90006, name: '运维' },
  UserDefined: { roleId: 90010, name: 'QA 测试' },
};

const ISSUE_TYPES: readonly IssueTypeRecord[] = [
  { id: 8500451, name: '史诗', issueType: 'EPIC', description: '史诗是一个大型的需求集合，通常跨越多个迭代。', isSystem: true },
  { id: 8500452, name: '需求', issueType: 'REQUIREMENT', description: '需求是指用户希望产品具备的功能或特性。', isSystem: true },
  { id: 8500453, name: '缺陷', issueType: 'DEFECT', description: '缺陷是指产品中与预期不符的问题。', isSystem: true },
  { id: 8500457, name: '任务', issueType: 'MISSION', description: '任务是指为实现某个目标或需求所进行的具体活动。', isSystem: true },
  { id: 8500458, name: '子工作项', issueType: 'SUB_TASK', description: '子工作项用于拆分父事项。', isSystem: true },
  { id: 8500460, name: '用户故事 📖', issueType: 'REQUIREMENT', description: '以用户视角描述的需求（自定义类型）。', isSystem: false },
  { id: 8500461, name: '线上故障', issueType: 'DEFECT', description: '生产环境事故（自定义类型）。', isSystem: false },
  { id: 8500462, name: '技术债务', issueType: 'MISSION', description: '需要偿还的技术债（自定义类型）。', isSystem: false },
];

const STATUSES: readonly IssueStatusRecord[] = [
  { id: 44318117, name: '未开始', type: 'TODO' },
  { id: 44318118, name: '处理中', type: 'PROCESSING' },
  { id: 44318119, name: '已完成', type: 'COMPLETED' },
  { id: 44318120, name: '待处理', type: 'TODO' },
  { id: 44318121, name: '测试中', type: 'PROCESSING' },
  { id: 44318122, name: '已关闭', type: 'COMPLETED' },
];

const CUSTOM_FIELDS: readonly CustomFieldRecord[] = [
  { id: 210101, name: '客户名称', kind: 'TEXT_SINGLE_LINE' },
  { id: 210102, name: '影响版本', kind: 'SELECT_MULTI' },
  { id: 210103, name: '协作人', kind: 'SELECT_MEMBER_MULTI' },
  { id: 210104, name: '计划上线日期', kind: 'TEXT_DATE' },
  { id: 210105, name: '预估成本（人天）', kind: 'TEXT_DECIMAL' },
];

export function generateDataset(seed: number, teamDomain: string, size: DatasetSize): Dataset {
  const teamData = generateTeam(seed, teamDomain, size);
  const ids = { issue: 41_000_000 + Prng.derive(seed, 2).int(0, 899_999), iteration: 3_100_000 + Prng.derive(seed, 3).int(0, 89_999) };
  const projects: ProjectData[] = [];
  let projectId = 10_000 + Prng.derive(seed, 4).int(0, 89_999);
  for (let p = 0; p < size.projects; p++) {
    projects.push(generateProject(Prng.derive(seed, 1000 + p), p, projectId, teamData, size, ids));
    projectId += 1 + (p % 3);
  }
  return { teamData, projects, nextIssueId: ids.issue, nextIterationId: ids.iteration };
}

function generateTeam(seed: number, domain: string, size: DatasetSize): TeamData {
  const rng = Prng.derive(seed, 1);
  const userCount = Math.max(size.membersPerProject + 2, Math.ceil(size.membersPerProject * size.projects * 0.6) + 2);
  const users: UserRecord[] = [];
  let id = 8_700_000 + rng.int(0, 99_999);
  for (let i = 0; i < userCount; i++) {
    const [baseName, basePinyin] = PEOPLE[i % PEOPLE.length] ?? ['用户', 'user'];
    const round = Math.floor(i / PEOPLE.length);
    const name = round === 0 ? baseName : `${baseName}${round + 1}`;
    const pinyin = round === 0 ? basePinyin : `${basePinyin}${round + 1}`;
    const hasPhone = rng.chance(0.7);
    users.push({
      id,
      name,
      namePinyin: pinyin,
      globalKey: pinyin,
      email: `${pinyin}@${domain}.example.com`,
      phone: hasPhone ? `138${String(rng.int(0, 99_999_999)).padStart(8, '0')}` : '',
      avatar: `https://coding-net-production-static.example.com/static/fruit_avatar/Fruit-${(i % 20) + 1}.png`,
      // The last user has left the team and one is locked: both still appear in old issues.
      status: i === userCount - 1 ? -3 : i === 3 ? -1 : 1,
      emailValidation: rng.chance(0.9) ? 1 : 0,
      phoneValidation: hasPhone ? 1 : 0,
    });
    id += rng.int(1, 37);
  }
  return {
    team: {
      id: 100_000 + rng.int(0, 899_999),
      domain,
      name: `${domain} 研发中心`,
      namePinyin: domain,
      introduction: '一支热爱交付的团队 🚀',
      avatar: 'https://coding-net-production-static.example.com/static/team-avatar.png',
    },
    users,
    issueTypes: ISSUE_TYPES,
    statuses: STATUSES,
    customFields: CUSTOM_FIELDS,
    requirementTypes: [
      { id: 31, name: '功能需求' },
      { id: 32, name: '体验优化' },
      { id: 33, name: '技术需求' },
    ],
    defectTypes: [
      { id: 41, name: '功能缺陷', iconUrl: 'https://coding-net-production-static.example.com/static/defect/function.svg' },
      { id: 42, name: '界面缺陷', iconUrl: 'https://coding-net-production-static.example.com/static/defect/ui.svg' },
      { id: 43, name: '性能问题', iconUrl: 'https://coding-net-production-static.example.com/static/defect/performance.svg' },
      { id: 44, name: '安全漏洞', iconUrl: 'https://coding-net-production-static.example.com/static/defect/security.svg' },
    ],
  };
}

function projectIdentity(index: number): readonly [string, string, string] {
  const known = PROJECTS[index];
  if (known) return known;
  const n = index + 1;
  return [`service-${n}`, `业务服务 ${n} 号`, `第 ${n} 个业务服务`];
}

function generateProject(
  rng: Prng,
  index: number,
  projectId: number,
  teamData: TeamData,
  size: DatasetSize,
  ids: { issue: number; iteration: number },
): ProjectData {
  const [name, displayName, description] = projectIdentity(index);
  const createdAt = DATASET_FACTS.rangeStart - rng.int(5, 60) * DAY_MS + rng.int(0, 86_399) * 1000;
  const labelBase = 7_200_000 + projectId * 10;
  const labels = rng.sample(LABELS, rng.int(5, 6)).map(([labelName, color], i) => ({ id: labelBase + i, name: labelName, color }));
  const modules = rng.sample(MODULES, 4).map((moduleName, i) => ({ id: 5_300_000 + projectId * 10 + i, name: moduleName }));
  const members = generateMembers(rng, teamData.users, size.membersPerProject);
  const memberIds = members.map((m) => m.userId);
  const iterations = generateIterations(rng, size.iterationsPerProject, memberIds, ids);
  const issues = generateIssues(rng, size.issuesPerProject, { teamData, memberIds, labels, modules, iterations, ids, projectId });
  applyEdgeCases(rng, issues);
  return {
    project: {
      id: projectId,
      name,
      displayName,
      description,
      icon: `https://coding-net-production-static.example.com/static/project_icon/scenery-${(index % 24) + 1}.png`,
      createdAt,
      updatedAt: createdAt + rng.int(1, 30) * DAY_MS,
    },
    labels,
    modules,
    issues,
    iterations,
    members,
  };
}

function generateMembers(rng: Prng, users: readonly UserRecord[], count: number): MembershipRecord[] {
  const owner = users[0];
  if (!owner) throw new Error('the team has no users');
  // The token owner is in every project; the user who left the team (last) is in none.
  const candidates = users.slice(1, users.length - 1).map((u) => u.id);
  const picked = rng.sample(candidates, Math.max(0, count - 1));
  const roles: ReadonlyArray<readonly [RoleType, number]> = [
    ['ProjectMember', 50], ['ProjectManager', 10], ['ProductManager', 10], ['ProjectGuest', 8],
    ['ProjectAdmin', 7], ['ProjectOperation', 5], ['UserDefined', 10],
  ];
  const members: MembershipRecord[] = [{ userId: owner.id, roles: ['ProjectAdmin'] }];
  for (const userId of picked) {
    const first = rng.weighted(roles);
    const second = rng.chance(0.1) ? rng.weighted(roles) : first;
    members.push({ userId, roles: second === first ? [first] : [first, second] });
  }
  return members;
}

function generateIterations(rng: Prng, count: number, memberIds: readonly number[], ids: { iteration: number }): IterationRecord[] {
  // Oldest first: completed sprints, the sprint in progress, the next planned sprint, and an
  // unscheduled backlog iteration whose dates are unset.
  type Role = 'completed' | 'processing' | 'planned' | 'backlog';
  const roles: Role[] = [];
  if (count >= 3) {
    for (let i = 0; i < count - 3; i++) roles.push('completed');
    roles.push('processing', 'planned', 'backlog');
  } else if (count === 2) roles.push('processing', 'backlog');
  else if (count === 1) roles.push('processing');
  const completedTotal = Math.max(0, count - 3);
  const sprintNumberBase = 40 + rng.int(0, 20);
  return roles.map((role, i): IterationRecord => {
    const code = i + 1;
    const startAt =
      role === 'completed' ? CURRENT_SPRINT_START - (completedTotal - i) * SPRINT_MS
      : role === 'processing' ? CURRENT_SPRINT_START
      : role === 'planned' ? CURRENT_SPRINT_START + SPRINT_MS
      : UNSET_ITERATION_TIME;
    const endAt = role === 'backlog' ? UNSET_ITERATION_TIME : startAt + SPRINT_MS - DAY_MS;
    const createdAt =
      role === 'backlog' ? DATASET_FACTS.rangeStart + 10 * DAY_MS + rng.int(0, 3600) * 1000
      : Math.min(startAt - 3 * DAY_MS, CURRENT_SPRINT_START - DAY_MS) + rng.int(0, 3600) * 1000;
    const updatedAt =
      role === 'completed' ? endAt + DAY_MS + rng.int(0, 3600) * 1000
      : role === 'processing' ? startAt + rng.int(0, 3600) * 1000
      : role === 'planned' ? createdAt
      : createdAt + 5 * DAY_MS;
    const assigneeId = rng.chance(0.8) ? rng.pick(memberIds) : 0;
    const creatorId = rng.pick(memberIds);
    const name =
      role === 'backlog' ? '待规划需求池 📥' : `迭代 ${sprintNumberBase + i}${rng.chance(0.3) ? ' · ' + rng.pick(OBJECTS) : ''}`;
    return {
      id: ids.iteration++,
      code,
      name,
      goal: rng.pick(ITERATION_GOALS),
      status: role === 'completed' ? 'COMPLETED' : role === 'processing' ? 'PROCESSING' : 'WAIT_PROCESS',
      assigneeId,
      creatorId,
      starterId: role === 'completed' || role === 'processing' ? creatorId : 0,
      completerId: role === 'completed' ? creatorId : 0,
      startAt,
      endAt,
      createdAt,
      updatedAt,
    };
  });
}

interface IssueContext {
  teamData: TeamData;
  memberIds: readonly number[];
  labels: ReadonlyArray<{ id: number }>;
  modules: ReadonlyArray<{ id: number }>;
  iterations: readonly IterationRecord[];
  ids: { issue: number };
  projectId: number;
}

const TYPE_WEIGHTS: ReadonlyArray<readonly [IssueType, number]> = [
  ['EPIC', 4], ['REQUIREMENT', 28], ['MISSION', 26], ['DEFECT', 26], ['SUB_TASK', 16],
];
const PRIORITY_WEIGHTS: ReadonlyArray<readonly [Priority, number]> = [['', 10], ['0', 20], ['1', 40], ['2', 20], ['3', 10]];
const STORY_POINTS: ReadonlyArray<readonly [string, number]> = [
  ['', 40], ['0.5', 6], ['1', 12], ['2', 12], ['3', 12], ['5', 9], ['8', 6], ['13', 3],
];
const WORKING_HOURS = [0.5, 1, 2, 4, 6.5, 8, 16];
const CUSTOM_TYPE_CHANCE: Partial<Record<IssueType, readonly [number, number]>> = {
  REQUIREMENT: [8500460, 0.15],
  DEFECT: [8500461, 0.1],
  MISSION: [8500462, 0.08],
};
const SYSTEM_TYPE_ID: Record<IssueType, number> = {
  EPIC: 8500451, REQUIREMENT: 8500452, DEFECT: 8500453, MISSION: 8500457, SUB_TASK: 8500458,
};

function generateIssues(rng: Prng, count: number, ctx: IssueContext): IssueRecord[] {
  const { rangeStart, rangeEnd } = DATASET_FACTS;
  const span = rangeEnd - 3_600_000 - rangeStart;
  // Codes follow creation order; sqrt makes recent months busier, as in a growing team.
  const created: number[] = [];
  for (let i = 0; i < count; i++) created.push(rangeStart + Math.floor((Math.sqrt(rng.next()) * span) / 1000) * 1000);
  created.sort((a, b) => a - b);

  const issues: IssueRecord[] = [];
  const parentCandidates: IssueRecord[] = [];
  const epics: IssueRecord[] = [];
  const statusesByType = groupStatuses(ctx.teamData.statuses);
  for (let i = 0; i < count; i++) {
    const createdAt = created[i] as number;
    let type = rng.weighted(TYPE_WEIGHTS);
    if (type === 'SUB_TASK' && parentCandidates.length === 0) type = 'MISSION';
    const parent = type === 'SUB_TASK' ? rng.pick(parentCandidates.slice(-40)) : undefined;
    const epic = type === 'REQUIREMENT' && epics.length > 0 && rng.chance(0.6) ? rng.pick(epics.slice(-10)) : undefined;
    const custom = CUSTOM_TYPE_CHANCE[type];
    const issueTypeId = custom && rng.chance(custom[1]) ? custom[0] : SYSTEM_TYPE_ID[type];

    const iterationCode = type === 'EPIC' ? 0 : iterationFor(rng, createdAt, ctx.iterations);
    const age = (rangeEnd - createdAt) / (rangeEnd - rangeStart);
    // Work in a finished sprint is mostly done; elsewhere older work is more likely done.
    const inFinishedSprint = ctx.iterations[iterationCode - 1]?.status === 'COMPLETED';
    const statusType = rng.weighted<IssueStatusType>(
      inFinishedSprint
        ? [['COMPLETED', 0.85], ['PROCESSING', 0.05], ['TODO', 0.1]]
        : [['COMPLETED', 0.2 + 0.7 * age], ['PROCESSING', 0.1 + 0.25 * (1 - age)], ['TODO', 0.15 + 0.3 * (1 - age)]],
    );
    const status = rng.pick(statusesByType[statusType]);
    const updatedAt = rng.chance(0.2)
      ? createdAt
      : Math.min(rangeEnd, createdAt + Math.floor((-Math.log(1 - rng.next()) * 20 * DAY_MS) / 1000) * 1000);
    const completedAt =
      statusType === 'COMPLETED' ? createdAt + Math.floor(((updatedAt - createdAt) * rng.next()) / 1000) * 1000 : 0;

    const hasDates = rng.chance(0.4);
    const startDate = hasDates ? startOfShanghaiDay(createdAt) + rng.int(0, 3) * DAY_MS : 0;
    const dueDate = hasDates ? startDate + rng.int(1, 21) * DAY_MS : rng.chance(0.1) ? startOfShanghaiDay(createdAt) + rng.int(3, 30) * DAY_MS : 0;

    const issue: IssueRecord = {
      id: ctx.ids.issue++,
      code: i + 1,
      type,
      issueTypeId,
      name: issueName(rng, type),
      description: rng.chance(0.2) ? '' : rng.pick(DESCRIPTIONS),
      statusId: status.id,
      priority: rng.weighted(PRIORITY_WEIGHTS),
      assigneeId: rng.chance(0.85) ? rng.pick(ctx.memberIds) : 0,
      creatorId: rng.pick(ctx.memberIds),
      watcherIds: rng.sample(ctx.memberIds, rng.int(0, 3)).sort((a, b) => a - b),
      labelIds: rng.sample(ctx.labels, rng.int(0, 2)).map((l) => l.id).sort((a, b) => a - b),
      iterationCode,
      parentCode: parent?.code ?? 0,
      epicCode: epic?.code ?? 0,
      moduleId: rng.chance(0.5) ? rng.pick(ctx.modules).id : 0,
      requirementTypeId: type === 'REQUIREMENT' ? rng.pick(ctx.teamData.requirementTypes).id : 0,
      defectTypeId: type === 'DEFECT' ? rng.pick(ctx.teamData.defectTypes).id : 0,
      startDate,
      dueDate,
      completedAt,
      createdAt,
      updatedAt,
      storyPoint: type === 'DEFECT' || type === 'EPIC' ? '' : rng.weighted(STORY_POINTS),
      workingHours: rng.chance(0.3) ? rng.pick(WORKING_HOURS) : 0,
      // Replaced by tables/custom-field-values.ts; still drawn, so that every later draw stays the same.
      customFields: rng.chance(0.3) ? customFieldValues(rng, ctx) : [],
      files: rng.chance(0.1) ? files(rng, ctx) : [],
      thirdLinks: rng.chance(0.03)
        ? [{ Id: 660_000 + ctx.ids.issue, Link: `https://modao.cc/app/${ctx.ids.issue.toString(36)}`, ThirdType: 'MODAO', Title: '原型图' }]
        : [],
    };
    // Sub-tasks usually follow their parent into its iteration.
    if (parent && parent.iterationCode !== 0 && rng.chance(0.8)) issue.iterationCode = parent.iterationCode;
    issues.push(issue);
    if (type === 'REQUIREMENT' || type === 'MISSION' || type === 'DEFECT') parentCandidates.push(issue);
    if (type === 'EPIC') epics.push(issue);
  }
  return issues;
}

function groupStatuses(statuses: readonly IssueStatusRecord[]): Record<IssueStatusType, IssueStatusRecord[]> {
  const grouped: Record<IssueStatusType, IssueStatusRecord[]> = { TODO: [], PROCESSING: [], COMPLETED: [] };
  for (const s of statuses) grouped[s.type].push(s);
  return grouped;
}

function startOfShanghaiDay(epochMs: number): number {
  const offset = 8 * 3_600_000;
  return Math.floor((epochMs + offset) / DAY_MS) * DAY_MS - offset;
}

function issueName(rng: Prng, type: IssueType): string {
  const p = ISSUE_NAME_PARTS;
  const o = rng.pick(OBJECTS);
  const suffix = rng.pick(p.SUFFIXES);
  if (rng.chance(0.04)) return rng.pick(p.ENGLISH_NAMES) + suffix;
  switch (type) {
    case 'EPIC':
      return rng.pick(p.EPIC_FORMS).replace('{o}', o) + suffix;
    case 'REQUIREMENT':
      return rng.pick(p.REQUIREMENT_FORMS).replace('{o}', o) + suffix;
    case 'DEFECT':
      return `${o}在 ${rng.pick(p.PLATFORMS)} 上${rng.pick(p.SYMPTOMS)}${suffix}`;
    case 'MISSION':
      return `${rng.pick(p.MISSION_VERBS)}${o}${suffix}`;
    case 'SUB_TASK':
      return rng.pick(p.SUB_TASK_FORMS).replace('{o}', o) + suffix;
  }
}

function iterationFor(rng: Prng, createdAt: number, iterations: readonly IterationRecord[]): number {
  for (const it of iterations) {
    if (it.status === 'WAIT_PROCESS') continue;
    if (createdAt >= it.startAt - 7 * DAY_MS && createdAt <= it.endAt + DAY_MS) return rng.chance(0.75) ? it.code : 0;
  }
  const recent = createdAt > DATASET_FACTS.rangeEnd - 5 * DAY_MS;
  const planned = iterations.find((it) => it.status === 'WAIT_PROCESS' && it.startAt !== UNSET_ITERATION_TIME);
  if (recent && planned && rng.chance(0.3)) return planned.code;
  const backlog = iterations.find((it) => it.startAt === UNSET_ITERATION_TIME);
  if (backlog && createdAt > DATASET_FACTS.rangeEnd - 60 * DAY_MS && rng.chance(0.05)) return backlog.code;
  return 0;
}

function customFieldValues(rng: Prng, ctx: IssueContext): Array<readonly [number, string]> {
  const fields = rng.sample(ctx.teamData.customFields, rng.int(1, 3)).sort((a, b) => a.id - b.id);
  return fields.map((f): readonly [number, string] => {
    switch (f.kind) {
      case 'TEXT_SINGLE_LINE':
        return [f.id, rng.pick(CUSTOMERS)];
      case 'SELECT_MULTI':
        return [f.id, JSON.stringify(rng.sample(VERSIONS, rng.int(1, 2)))];
      case 'SELECT_MEMBER_MULTI':
        return [f.id, JSON.stringify(rng.sample(ctx.memberIds, rng.int(1, 2)))];
      case 'TEXT_DATE':
        return [f.id, `2024-0${rng.int(1, 9)}-${String(rng.int(1, 28)).padStart(2, '0')}`];
      case 'TEXT_DECIMAL':
        return [f.id, (rng.int(1, 80) / 4).toString()];
    }
  });
}

function files(rng: Prng, ctx: IssueContext): Array<{ FileId: number; Name: string; Size: number; Type: number; Url: string }> {
  return rng.sample(FILE_NAMES, rng.int(1, 2)).map(([name, type]) => {
    const fileId = 9_000_000 + rng.int(0, 999_999);
    return {
      FileId: fileId,
      Name: name,
      Size: rng.int(1_000, 5_000_000),
      Type: type,
      Url: `https://coding-net-production-file.example.com/project/${ctx.projectId}/files/${fileId}/download`,
    };
  });
}

/** The fixed edge cases of DATASET_FACTS, placed on issues created early enough to carry them. */
function applyEdgeCases(rng: Prng, issues: IssueRecord[]): void {
  const f = DATASET_FACTS;
  const taken = new Set<number>();
  const pick = (before: number, n: number): IssueRecord[] => {
    const eligible = issues.filter((i) => i.createdAt < before && !taken.has(i.code));
    const chosen = rng.sample(eligible, n);
    for (const i of chosen) taken.add(i.code);
    return chosen;
  };
  const setUpdatedAt = (issue: IssueRecord, at: number): void => {
    issue.updatedAt = at;
    if (issue.completedAt > at) issue.completedAt = at;
  };
  for (const i of pick(f.lastMsBeforeBoundary - DAY_MS, f.boundaryIssues)) setUpdatedAt(i, f.lastMsBeforeBoundary);
  for (const i of pick(f.dayStartAt - DAY_MS, f.boundaryIssues)) setUpdatedAt(i, f.dayStartAt);
  for (const i of pick(f.bulkEditAt, f.bulkEditSize)) setUpdatedAt(i, f.bulkEditAt);
}
