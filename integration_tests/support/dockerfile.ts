/**
 * Just enough of a Dockerfile parser to check what CAT and the platform read from the image: stages,
 * labels, environment, entrypoint, user, working directory and the commands each stage runs.
 */

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // comments inside a continued RUN
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(pending + line);
    pending = '';
  }
  if (pending.trim() !== '') logical.push(pending.trim());

  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const keyword = (match[1] ?? '').toUpperCase();
    const args = match[2] ?? '';
    if (keyword === 'FROM') {
      const [image = '', as, name] = args.split(/\s+/);
      stages.push({ image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`${keyword} before any FROM`);
    stage.instructions.push({ keyword, args });
  }
  return stages;
}

/** `KEY=value` pairs (values optionally double-quoted), or the legacy `KEY value` form. */
export function keyValues(args: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  const pattern = /([A-Za-z0-9_.-]+)=("(?:[^"\\]|\\.)*"|\S+)/g;
  let matched = false;
  for (const m of args.matchAll(pattern)) {
    matched = true;
    const value = m[2] ?? '';
    pairs[m[1] ?? ''] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  if (!matched) {
    const legacy = /^(\S+)\s+(.*)$/.exec(args);
    if (legacy) pairs[legacy[1] ?? ''] = (legacy[2] ?? '').replace(/^"(.*)"$/, '$1');
  }
  return pairs;
}

export function all(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

export function labels(stage: Stage): Record<string, string> {
  return Object.assign({}, ...all(stage, 'LABEL').map(keyValues)) as Record<string, string>;
}

export function env(stage: Stage): Record<string, string> {
  return Object.assign({}, ...all(stage, 'ENV').map(keyValues)) as Record<string, string>;
}

/** The exec-form ENTRYPOINT (a JSON array); the shell form would hide the real process behind sh -c. */
export function entrypoint(stage: Stage): string[] | undefined {
  const last = all(stage, 'ENTRYPOINT').pop();
  if (last === undefined) return undefined;
  const parsed = JSON.parse(last) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`ENTRYPOINT is not in exec form: ${last}`);
  return parsed as string[];
}

export function lastValue(stage: Stage, keyword: string): string | undefined {
  return all(stage, keyword).pop();
}
