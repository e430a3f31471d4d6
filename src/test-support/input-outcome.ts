import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSpec, InputCase } from './bad-inputs.js';
import { ofType, protocolLines, type AirbyteLine } from './cli-runner.js';

/** Writes a case's files into a fresh folder and returns the command line that hands them to the CLI. */
export async function argsFor(input: InputCase, root?: string): Promise<string[]> {
  const dir = await mkdtemp(join(root ?? tmpdir(), 'case-'));
  const path = async (name: string, spec: FileSpec): Promise<string> => {
    const target = join(dir, `${name}.json`);
    switch (spec.kind) {
      case 'json':
        await writeFile(target, JSON.stringify(spec.value));
        return target;
      case 'text':
        await writeFile(target, spec.text);
        return target;
      case 'bytes':
        await writeFile(target, spec.bytes);
        return target;
      case 'directory':
        await mkdir(target);
        return target;
      case 'path':
        return spec.path;
    }
  };
  const args: string[] = [input.command, '--config', await path('config', input.files.config)];
  if (input.command === 'read') {
    if (!input.files.catalog) throw new Error(`case "${input.name}" reads without a catalog`);
    args.push('--catalog', await path('catalog', input.files.catalog));
    if (input.files.state) args.push('--state', await path('state', input.files.state));
  }
  return args;
}

interface TraceError {
  message: string;
  failure_type: string;
  internal_message?: string;
}

const STACK_LINE = /^\s+at .*(\(.*:\d+:\d+\)|:\d+:\d+)$/m;

/**
 * Everything wrong with how a run ended, given what the case expects; empty when it ended well:
 * only protocol lines on stdout, the exit code, exactly one clear error (or the FAILED status `check`
 * answers, or a clean success), no stack trace anywhere, and no secret nor any 8 characters of one.
 */
export function problemsWith(input: InputCase, run: { code: number | null; stdout: string; stderr: string }, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  let messages: AirbyteLine[];
  try {
    messages = protocolLines(run.stdout, run.stderr);
  } catch (error) {
    return [`stdout is not protocol messages only: ${(error as Error).message.slice(0, 300)}`];
  }
  if (run.stdout !== '' && !run.stdout.endsWith('\n')) problems.push('stdout ends in a partial line');
  const errors = ofType(messages, 'TRACE')
    .map((m) => m.trace as { type: string; error?: TraceError })
    .filter((t) => t.type === 'ERROR')
    .map((t) => t.error as TraceError);
  const statuses = ofType(messages, 'CONNECTION_STATUS').map((m) => m.connectionStatus as { status: string; message?: string });
  const clear = (text: string | undefined, what: string) => {
    if (!text) return problems.push(`${what} has no message`);
    if (/this is a bug|unexpectedly/i.test(text)) problems.push(`${what} reads as a crash: ${text.slice(0, 200)}`);
    if (text.length > 500) problems.push(`${what} is ${text.length} characters long`);
    if (input.mentions && !input.mentions.test(text)) problems.push(`${what} does not match ${input.mentions}: ${text.slice(0, 300)}`);
    return undefined;
  };
  if (input.ends === 'trace') {
    if (run.code !== 1) problems.push(`exit code ${run.code}, expected 1`);
    if (errors.length !== 1) problems.push(`${errors.length} TRACE errors, expected 1: ${errors.map((e) => e.message.slice(0, 120)).join(' | ')}`);
    const error = errors[0];
    if (error) {
      if (error.failure_type !== 'config_error') problems.push(`failure_type ${error.failure_type}: ${error.message.slice(0, 200)}`);
      clear(error.message, 'the TRACE error');
    }
    if (statuses.some((s) => s.status === 'SUCCEEDED')) problems.push('a SUCCEEDED connection status');
  } else if (input.ends === 'failed-status') {
    if (run.code !== 0) problems.push(`exit code ${run.code}, expected 0`);
    if (errors.length > 0) problems.push(`TRACE errors beside the status: ${errors.map((e) => e.message.slice(0, 120)).join(' | ')}`);
    if (statuses.length !== 1 || statuses[0]?.status !== 'FAILED') problems.push(`connection statuses ${JSON.stringify(statuses.map((s) => s.status))}, expected one FAILED`);
    else clear(statuses[0].message, 'the FAILED status');
  } else {
    if (run.code !== 0) problems.push(`exit code ${run.code}, expected 0`);
    if (errors.length > 0) problems.push(`TRACE errors: ${errors.map((e) => e.message.slice(0, 200)).join(' | ')}`);
    if (input.command === 'read') {
      const completed = ofType(messages, 'TRACE').filter((m) => (m.trace as { stream_status?: { status: string } }).stream_status?.status === 'COMPLETE').length;
      const states = ofType(messages, 'STATE').length;
      if (completed > 0 && states === 0) problems.push('streams completed without a STATE');
    }
    if (input.command === 'discover' && ofType(messages, 'CATALOG').length !== 1) problems.push('no CATALOG');
  }
  const both = `${run.stdout}\n${run.stderr}`;
  if (STACK_LINE.test(both)) problems.push(`a stack trace: ${STACK_LINE.exec(both)?.[0]}`);
  for (const secret of secrets) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      if (both.includes(secret.slice(i, i + 8))) {
        problems.push(`a secret leaked (characters ${i}–${i + 8} of a planted token)`);
        break;
      }
    }
  }
  return problems;
}
