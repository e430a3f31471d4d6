import { ConfigError } from '../errors.js';
import { isObject, type JsonObject } from '../json.js';
import type { Position } from './cursor-scan.js';
import type { StreamDeclaration } from './declaration.js';

/**
 * The stream_state of a cursor stream: one position per project, written with the stream's own field
 * names so that a person reading a state file understands it:
 *   {"projects": {"platform": {"UpdatedAt": 1718000000000, "Codes": [41, 42]}}}
 * A top-level {"UpdatedAt": ms} is also accepted (hand-written or abnormal states) as the position of
 * every project that has none of its own.
 */
export class PositionBook {
  private readonly byProject = new Map<string, Position>();
  private readonly fallback: Position | undefined;
  private readonly valueKey: string;
  private readonly idsKey: string;
  private readonly others: JsonObject;

  constructor(
    private readonly declaration: StreamDeclaration,
    input: JsonObject | undefined,
  ) {
    const field = declaration.cursor?.field ?? 'UpdatedAt';
    this.valueKey = field;
    this.idsKey = `${declaration.idField}s`;
    const { projects, [field]: topValue, ...others } = input ?? {};
    // Keys this class does not own (e.g. the webhook offset) are carried through untouched.
    this.others = others;
    if (topValue !== undefined) this.fallback = this.parse(input ?? {}, 'the stream state');
    if (projects !== undefined) {
      if (!isObject(projects)) throw this.malformed('"projects" must be an object of project name → position');
      for (const [name, value] of Object.entries(projects)) {
        if (!isObject(value)) throw this.malformed(`the position of project "${name}" must be an object`);
        this.byProject.set(name, this.parse(value, `the position of project "${name}"`));
      }
    }
  }

  get(project: string): Position | undefined {
    return this.byProject.get(project) ?? this.fallback;
  }

  set(project: string, position: Position): void {
    this.byProject.set(project, position);
  }

  /** Keys of the input state that belong to another mechanism, to merge into what is written. */
  extra(): JsonObject {
    return this.others;
  }

  toState(): JsonObject {
    const projects: JsonObject = {};
    for (const [name, position] of this.byProject) projects[name] = { [this.valueKey]: position.value, [this.idsKey]: position.ids };
    return { ...this.others, projects };
  }

  private parse(value: JsonObject, where: string): Position {
    const cursor = value[this.valueKey];
    const ids = value[this.idsKey] ?? [];
    if (typeof cursor !== 'number' || !Number.isFinite(cursor)) throw this.malformed(`${where} needs a numeric "${this.valueKey}" (epoch milliseconds)`);
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'number')) throw this.malformed(`${where}: "${this.idsKey}" must be a list of numbers`);
    return { value: cursor, ids: ids as number[] };
  }

  private malformed(detail: string): ConfigError {
    return new ConfigError(`The state of stream "${this.declaration.name}" is malformed: ${detail}.`);
  }
}
