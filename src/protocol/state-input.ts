import { ConfigError } from '../errors.js';
import { isObject, shownValue } from '../json.js';
import type { JsonObject } from './messages.js';

/** Stream name → the stream_state last checkpointed for it. */
export type InputState = Map<string, JsonObject>;

/**
 * Accepts every shape a platform passes as --state:
 * - the array of per-stream STATE messages that Airbyte (and Meltano's wrapper) pass;
 * - an empty file, `null`, `{}` or `[]`: no state;
 * - a single STATE message (`{"type":"STREAM","stream":{...}}`);
 * - a legacy blob (`{"data": {"issues": {...}}}` or a bare `{"issues": {...}}` map of stream name → state).
 * GLOBAL states are unpacked into their per-stream states. Anything else is a config error that says
 * which entry is wrong, rather than a crash or a silently ignored state.
 */
export function parseState(raw: unknown): InputState {
  const states: InputState = new Map();
  if (raw === undefined || raw === null) return states;
  const entries = Array.isArray(raw) ? raw : isStateMessage(raw) ? [raw] : null;
  if (entries === null) {
    if (!isObject(raw)) throw new ConfigError('The state file must contain a JSON array of STATE messages (or a single state object).');
    const legacy = 'data' in raw ? raw.data : raw;
    if (legacy === null) return states;
    if (!isObject(legacy)) throw new ConfigError('The "data" of a legacy state must be a JSON object of stream name → state.');
    for (const [name, value] of Object.entries(legacy)) {
      if (value === null) continue;
      if (!isObject(value)) throw new ConfigError(`The legacy state for stream ${shownValue(name)} must be a JSON object.`);
      states.set(name, value);
    }
    return states;
  }
  entries.forEach((entry, index) => {
    if (!isObject(entry)) throw new ConfigError(`State entry #${index + 1} is not a JSON object.`);
    const type = entry.type ?? (entry.stream ? 'STREAM' : entry.global ? 'GLOBAL' : entry.data ? 'LEGACY' : undefined);
    if (type === 'STREAM') {
      addStreamState(states, entry.stream, `State entry #${index + 1}`);
    } else if (type === 'GLOBAL') {
      const global = entry.global;
      if (!isObject(global) || !Array.isArray(global.stream_states)) {
        throw new ConfigError(`State entry #${index + 1} is a GLOBAL state without "global.stream_states".`);
      }
      global.stream_states.forEach((s, i) => addStreamState(states, s, `State entry #${index + 1}, stream state #${i + 1}`));
    } else if (type === 'LEGACY') {
      parseState({ data: entry.data }).forEach((value, name) => states.set(name, value));
    } else {
      throw new ConfigError(`State entry #${index + 1} has no "stream", "global" or "data"; expected {"type":"STREAM","stream":{"stream_descriptor":{"name":...},"stream_state":{...}}}.`);
    }
  });
  return states;
}

function isStateMessage(raw: unknown): boolean {
  return isObject(raw) && (raw.type === 'STREAM' || raw.type === 'GLOBAL' || raw.type === 'LEGACY' || isObject(raw.stream) || isObject(raw.global));
}

function addStreamState(states: InputState, stream: unknown, where: string): void {
  if (!isObject(stream) || !isObject(stream.stream_descriptor) || typeof stream.stream_descriptor.name !== 'string') {
    throw new ConfigError(`${where} lacks "stream.stream_descriptor.name".`);
  }
  const name = stream.stream_descriptor.name;
  const value = stream.stream_state;
  // A null stream_state is how the platform asks for a reset of that stream.
  if (value === null || value === undefined) {
    states.delete(name);
    return;
  }
  if (!isObject(value)) throw new ConfigError(`${where}: the stream_state of ${shownValue(name)} must be a JSON object.`);
  states.set(name, value);
}
