import type { CodingClient } from '../coding/client.js';
import { CodingNotFoundError } from '../coding/errors.js';
import type { Settings } from '../config/resolve-config.js';
import { ConfigError } from '../errors.js';
import type { Item } from '../coding/paging.js';
import { isObject } from '../json.js';
import type { RunContext } from './context.js';
import type { Partition, ProjectRef, Stream } from './declaration.js';
import { listAll } from './listing.js';

/** Some partitions of a stream: those of these projects, and below a project those whose parent item is wanted. */
export interface PartitionSelection {
  projects: ReadonlySet<string>;
  parent?(projectName: string, item: Item): boolean;
}

/**
 * The partitions of every stream, from one place: the team; the projects a run reads (the configured
 * ones, each looked up so that a misspelt name is reported as such, or every project the token can
 * see — by reading the `projects` stream's own listing); and, for streams read per object of another
 * listing (commits per depot, builds per CI job), one partition per item of that listing.
 * Projects are resolved once per run, and so is a parent listing (a project's depots).
 */
export class PartitionLister {
  private resolved: Promise<ProjectRef[]> | undefined;
  private readonly listed = new Map<string, Promise<Item[]>>();

  constructor(
    private readonly client: CodingClient,
    private readonly settings: Settings,
    /** The stream that lists the projects the token can see. */
    private readonly projectsStream: Stream,
  ) {}

  /** The projects of this run. */
  projects(ctx: RunContext): Promise<ProjectRef[]> {
    this.resolved ??= this.settings.projects.length > 0 ? Promise.all(this.settings.projects.map((name) => this.lookUp(name))) : this.listVisible(ctx);
    return this.resolved;
  }

  team(): Partition {
    return { teamName: this.settings.teamName, project: undefined, parent: undefined, key: this.settings.teamName };
  }

  project(project: ProjectRef): Partition {
    return { teamName: this.settings.teamName, project, parent: undefined, key: project.name };
  }

  /** Whether this stream's listing is the one the run's projects were read from (no project configured). */
  listsProjectsWith(stream: Stream): boolean {
    return stream === this.projectsStream && this.settings.projects.length === 0;
  }

  /**
   * The partitions of a stream, in a stable order. `select` keeps only some (webhook mode: the ones
   * events named). Sub-partitions come from parent listings (a project's depots), all asked for at once
   * unless `lazily`: then each only once its partitions are reached (`check` wants the first few).
   */
  async *of(ctx: RunContext, stream: Stream, select?: PartitionSelection, { lazily = false }: { lazily?: boolean } = {}): AsyncGenerator<Partition> {
    const source = stream.partitions;
    if (source === 'team') {
      yield this.team();
      return;
    }
    if (source === 'project') {
      for (const project of await this.projects(ctx)) if (!select || select.projects.has(project.name)) yield this.project(project);
      return;
    }
    // Every parent listing is asked for at once (the client bounds the requests in flight), so that
    // projects far away do not each cost a round trip before the first partition is read.
    const aboves: Array<{ above: Partition; items: () => Promise<Item[]> }> = [];
    for await (const above of this.of(ctx, source.per, select && { projects: select.projects }, { lazily })) {
      const list = (): Promise<Item[]> => this.itemsOf(ctx, source.per, above, select !== undefined);
      if (lazily) {
        aboves.push({ above, items: list });
        continue;
      }
      const items = list();
      // Awaited in order below; marked handled here in case an earlier one fails first.
      items.catch(() => undefined);
      aboves.push({ above, items: () => items });
    }
    for (const { above, items } of aboves) {
      // Items sharing a key are one partition (a project's requirement types, system and custom, all
      // list their fields under IssueType REQUIREMENT): read once.
      const seen = new Set<string>();
      for (const item of await items()) {
        if (source.include && !source.include(item, ctx.settings)) continue;
        if (select?.parent && above.project && !select.parent(above.project.name, item)) continue;
        const key = `${above.key}/${source.key(item)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        yield { teamName: above.teamName, project: above.project, parent: item, key };
      }
    }
  }

  /**
   * The items of a parent listing in one partition (a project's depots), listed once per run for all
   * the streams read per item of it (commits and releases). A selection (webhook mode) lists afresh:
   * it follows events newer than any earlier listing, and an older copy's marks (LastPushAt) would
   * hide what those events announce.
   */
  private itemsOf(ctx: RunContext, stream: Stream, partition: Partition, fresh: boolean): Promise<Item[]> {
    const key = `${stream.name}\u0000${partition.key}`;
    const cached = this.listed.get(key);
    if (cached && !fresh) return cached;
    const listing = listAll(ctx, stream, partition);
    this.listed.set(key, listing);
    return listing;
  }

  async lookUp(name: string): Promise<ProjectRef> {
    try {
      const response = await this.client.call('DescribeProjectByName', { ProjectName: name });
      const project = response.Project;
      if (!isObject(project) || typeof project.Id !== 'number') throw new CodingNotFoundError('DescribeProjectByName', 'ResourceNotFound', 'no Project in the answer', '', 'config_error');
      return { name: typeof project.Name === 'string' && project.Name ? project.Name : name, id: project.Id };
    } catch (error) {
      if (error instanceof CodingNotFoundError) {
        throw new ConfigError(
          `Project "${name}" was not found in team ${this.settings.teamName}, or the token cannot see it. In projects, use the name from the project's URL (https://${this.settings.teamName}.coding.net/p/<name>), not its display name.`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private async listVisible(ctx: RunContext): Promise<ProjectRef[]> {
    const found: ProjectRef[] = [];
    for (const item of await listAll(ctx, this.projectsStream, this.team())) {
      if (typeof item.Name === 'string' && typeof item.Id === 'number') found.push({ name: item.Name, id: item.Id });
    }
    return found;
  }
}
