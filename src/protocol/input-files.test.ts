import { expect } from 'chai';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { readJsonFile } from './input-files.js';

describe('readJsonFile', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'source-coding-input-'));
  });
  async function file(name: string, content: string | Buffer): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  }
  async function failure(path: string, options: { allowEmpty?: boolean } = {}): Promise<ConfigError> {
    const error = await readJsonFile(path, 'config', options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }

  it('never quotes the text around a syntax error, which may be a token', async () => {
    const secret = 'Zq7RkWmXvB3nTfLp9HsYdGc2';
    for (const [name, text] of [
      ['unquoted.json', `{"credentials": {"access_token": ${secret}}}`],
      ['trailing.json', `{"a": 1} ${secret}`],
      ['comma.json', `{"access_token": "${secret}",}`],
      ['newline.json', `{"access_token": "${secret.slice(0, 12)}\n${secret.slice(12)}"}`],
    ] as const) {
      const error = await failure(await file(name, text));
      expect(error.message, name).to.match(/is not valid JSON/);
      for (let i = 0; i + 6 <= secret.length; i++) expect(error.message, name).not.to.include(secret.slice(i, i + 6));
    }
  });

  it('says where a syntax error is by line and column', async () => {
    const error = await failure(await file('lines.json', '{\n  "team_name": "acme"\n  "projects": []\n}'));
    expect(error.message).to.include("Expected ',' or '}' after property value at line 3, column 3");
  });

  it('stops reading an endless file at the size cap instead of exhausting memory', async () => {
    const error = await failure('/dev/zero');
    expect(error.message).to.match(/larger than 64 MiB/);
  });

  it('recognises a UTF-16 file and asks for UTF-8', async () => {
    const error = await failure(await file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')])));
    expect(error.message).to.match(/UTF-16; save it as UTF-8/);
  });

  it('names a missing file, a directory and an empty file as such', async () => {
    expect((await failure(join(dir, 'nope.json'))).message).to.match(/does not exist/);
    expect((await failure(dir)).message).to.match(/is a directory/);
    expect((await failure(await file('empty.json', ' \n'))).message).to.match(/is empty/);
  });

  it('reads an empty file as nothing where that is allowed, and skips a byte-order mark', async () => {
    expect(await readJsonFile(await file('empty-state.json', ''), 'state', { allowEmpty: true })).to.equal(undefined);
    expect(await readJsonFile(await file('bom.json', '\uFEFF{"a":1}'), 'config')).to.deep.equal({ a: 1 });
  });
});
