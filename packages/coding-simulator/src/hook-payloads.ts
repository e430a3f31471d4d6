/**
 * Service Hook bodies (reference §4.1): snake_case keys, `event` plus a Chinese `eventName`, the
 * changed object under `issue` | `iteration` | `member`, and `sender`, `project`, `team`.
 * A payload is built when the change happens, so a delete carries the record as it was.
 * A new comment comes under `issueComment` (its issue inside it, where the issue sits is INFERRED),
 * logged work as the issue plus `work_log: {record_hours, remaining_hours}`.
 */
import type { IssueRecord, IterationRecord, UserRecord } from './model.js';
import type { IssueChangeDetail, ProjectState, Store, StoreChange } from './store.js';
import { renderComment } from './tables/issue-comments.js';
import type { Views } from './views.js';

export const EVENT_NAMES: Readonly<Record<string, string>> = {
  ISSUE_CREATED: '创建事项',
  ISSUE_UPDATED: '更新事项信息',
  ISSUE_STATUS_UPDATED: '更新事项状态',
  ISSUE_DELETED: '删除事项',
  ISSUE_COMMENT_CREATED: '创建事项评论',
  ISSUE_HOUR_RECORD_UPDATED: '更新事项工时',
  ISSUE_RELATIONSHIP_CHANGED: '更新事项关联关系',
  ITERATION_CREATED: '创建迭代',
  ITERATION_UPDATED: '更新迭代',
  ITERATION_DELETED: '删除迭代',
  MEMBER_CREATED: '添加项目成员',
  MEMBER_ROLE_UPDATED: '更新项目成员角色',
  MEMBER_DELETED: '移除项目成员',
  GIT_PUSHED: '推送到代码仓库',
  GIT_MR_CREATED: '创建合并请求',
  GIT_MR_UPDATED: '更新合并请求',
  GIT_MR_MERGED: '合并合并请求',
  GIT_MR_CLOSED: '关闭合并请求',
  CI_JOB_STARTED: '开始构建',
  CI_JOB_FINISHED: '构建结束',
  PING: '测试 Service Hook',
};

export interface HookMessage {
  event: string;
  body: Record<string, unknown>;
}

export class HookPayloads {
  constructor(
    private readonly store: Store,
    private readonly views: Views,
  ) {}

  forChange(change: StoreChange): HookMessage {
    const object =
      change.kind === 'issue' ? this.issueObjects(change.project, change.issue, change.detail)
      : change.kind === 'iteration' ? { iteration: this.iteration(change.project, change.iteration) }
      : change.kind === 'hook' ? change.object
      : { member: this.userRef(change.user) };
    return this.message(change.event, change.project, object);
  }

  private issueObjects(p: ProjectState, i: IssueRecord, detail: IssueChangeDetail | undefined): Record<string, unknown> {
    const issue = this.issue(p, i);
    if (detail?.kind === 'comment') {
      const c = detail.comment;
      return {
        issueComment: {
          id: c.id,
          html_url: `${this.base}/p/${p.record.name}/all/issues/${i.code}#comment-${c.id}`,
          content: renderComment(c.rawContent),
          raw_content: c.rawContent,
          creator: this.userRef(this.store.user(c.creatorId)),
          created_at: c.createdAt,
          updated_at: c.updatedAt,
          issue,
        },
      };
    }
    if (detail?.kind === 'workLog') return { issue, work_log: { record_hours: detail.workLog.recordHours, remaining_hours: detail.workLog.remainingHours } };
    return { issue };
  }

  /** The test delivery Coding sends from the Service Hook page; its body has no changed object. */
  ping(project: ProjectState): HookMessage {
    return this.message('PING', project, {});
  }

  private message(event: string, project: ProjectState, object: Record<string, unknown>): HookMessage {
    return {
      event,
      body: {
        event,
        eventName: EVENT_NAMES[event] ?? event,
        ...object,
        sender: this.sender(this.store.owner),
        project: this.project(project),
        team: this.team(),
      },
    };
  }

  private get base(): string {
    return `https://${this.store.team.record.domain}.coding.net`;
  }

  private userRef(u: UserRecord | undefined): Record<string, unknown> {
    if (!u) return { id: 0, avatar_url: '', html_url: '', name: '', name_pinyin: '' };
    return { id: u.id, avatar_url: u.avatar, html_url: `${this.base}/u/${u.globalKey}`, name: u.name, name_pinyin: u.namePinyin };
  }

  private sender(u: UserRecord): Record<string, unknown> {
    return { ...this.userRef(u), url: `${this.base}/api/user/key/${u.globalKey}`, login: u.globalKey };
  }

  private project(p: ProjectState): Record<string, unknown> {
    const r = p.record;
    return { id: r.id, name: r.name, display_name: r.displayName, description: r.description, icon: r.icon, url: `${this.base}/p/${r.name}` };
  }

  private team(): Record<string, unknown> {
    const t = this.store.team.record;
    return { id: t.id, domain: t.domain, name: t.name, name_pinyin: t.namePinyin, introduction: t.introduction, avatar: t.avatar, url: this.base };
  }

  private issue(p: ProjectState, i: IssueRecord): Record<string, unknown> {
    const status = this.store.status(i.statusId);
    const iteration = i.iterationCode === 0 ? undefined : p.iterations.get(i.iterationCode);
    return {
      html_url: `${this.base}/p/${p.record.name}/all/issues/${i.code}`,
      type: i.type,
      project_id: p.record.id,
      code: i.code,
      parent_code: i.parentCode,
      title: i.name,
      creator: this.userRef(this.store.user(i.creatorId)),
      status: status?.name ?? '',
      assignee: this.userRef(i.assigneeId === 0 ? undefined : this.store.user(i.assigneeId)),
      priority: i.priority,
      start_date: i.startDate,
      due_date: i.dueDate,
      description: i.description,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      issue_status: { id: i.statusId, name: status?.name ?? '', type: status?.type ?? '' },
      watchers: i.watcherIds.map((w) => this.userRef(this.store.user(w))),
      labels: i.labelIds.flatMap((id) => {
        const l = p.labels.get(id);
        return l ? [{ id: l.id, name: l.name, color: l.color }] : [];
      }),
      // Not in the help page, but tapdata reads issue.iteration.code, so real payloads carry it.
      ...(iteration ? { iteration: { id: iteration.id, code: iteration.code, title: iteration.name } } : {}),
    };
  }

  private iteration(p: ProjectState, it: IterationRecord): Record<string, unknown> {
    const view = this.views.iteration(p, it);
    return {
      title: it.name,
      goal: it.goal,
      html_url: `${this.base}/p/${p.record.name}/iterations/${it.code}`,
      project_id: p.record.id,
      code: it.code,
      creator: this.userRef(this.store.user(it.creatorId)),
      assignee: this.userRef(it.assigneeId === 0 ? undefined : this.store.user(it.assigneeId)),
      starter: this.userRef(it.starterId === 0 ? undefined : this.store.user(it.starterId)),
      completer: this.userRef(it.completerId === 0 ? undefined : this.store.user(it.completerId)),
      status: it.status,
      plan_issue_number: view.WaitProcessCount + view.ProcessingCount + view.CompletedCount,
      wait_process_count: view.WaitProcessCount,
      processing_count: view.ProcessingCount,
      completed_count: view.CompletedCount,
      completed_percent: view.CompletedPercent,
      start_at: it.startAt,
      end_at: it.endAt,
      created_at: it.createdAt,
      updated_at: it.updatedAt,
    };
  }
}
