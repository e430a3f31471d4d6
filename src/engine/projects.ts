import type { CodingClient } from '../coding/client.js';
import { CodingNotFoundError } from '../coding/errors.js';
import { pageNumberShape, pages } from '../coding/paging.js';
import type { Settings } from '../config/resolve-config.js';
import { ConfigError } from '../errors.js';
import { isObject } from '../json.js';
import type { Partition } from './declaration.js';

export interface ProjectRef {
  name: string;
  id: number;
}

/**
 * The projects a run reads: the configured ones (each looked up, so a misspelt name is reported as such)
 * or, when none is configured, every project the token can see. Resolved once per run.
 */
export class ProjectDirectory {
  private resolved: Promise<ProjectRef[]> | undefined;

  constructor(
    private readonly client: CodingClient,
    private readonly settings: Settings,
  ) {}

  list(): Promise<ProjectRef[]> {
    this.resolved ??= this.settings.projects.length > 0 ? this.lookUpConfigured() : this.listVisible();
    return this.resolved;
  }

  async partitions(scope: 'team' | 'project'): Promise<Partition[]> {
    const teamName = this.settings.teamName;
    if (scope === 'team') return [{ teamName, project: undefined }];
    return (await this.list()).map((project) => ({ teamName, project }));
  }

  private async lookUpConfigured(): Promise<ProjectRef[]> {
    const found: ProjectRef[] = [];
    for (const name of this.settings.projects) found.push(await this.lookUp(name));
    return found;
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

  private async listVisible(): Promise<ProjectRef[]> {
    const found: ProjectRef[] = [];
    for await (const page of pages(this.client, 'DescribeCodingProjects', {}, pageNumberShape('ProjectList'), 100, (item) => item.Id)) {
      for (const item of page.items) {
        if (typeof item.Name === 'string' && typeof item.Id === 'number') found.push({ name: item.Name, id: item.Id });
      }
    }
    return found;
  }
}
