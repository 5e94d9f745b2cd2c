import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DraftContext } from '../../services/domain/warnings';
import { checkDraft } from '../../services/plans/checks';

/**
 * `npm run --silent check-drafts -- FILE` in a child process: the CLI is
 * compiled with the npm script's own tsc flags into a temporary folder,
 * then run with node; one test runs the npm script itself.
 */
const root = path.join(__dirname, '../..');
const corpusFile = path.join(root, 'test/fixtures/drafts.json');
const CLI_CONTEXT: DraftContext = { hasPartners: true, offeredByAllPartners: new Set() };

let work: string;
let cli: string;

/** The npm script's tsc arguments, with the output folder swapped for ours. */
function compileArgs(outDir: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [compile] = pkg.scripts['check-drafts'].split(' >&2 && ');
  const args = compile.split(/\s+/).slice(1);
  args[args.indexOf('--outDir') + 1] = outDir;
  return args;
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'check-drafts-'));
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), ...compileArgs(path.join(work, 'build'))], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
  cli = path.join(work, 'build/bot/cli/check-drafts.js');
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(...args: string[]) {
  // Built outside the project, the CLI finds zod through NODE_PATH.
  const env = { ...process.env, NODE_PATH: path.join(root, 'node_modules') };
  return spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env });
}

function writeFile(name: string, content: string): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('check-drafts', () => {
  it('prints one list of warning names per draft, as JSON and nothing else', () => {
    const file = writeFile(
      'three.json',
      JSON.stringify([
        { text: 'Mr Jones, your NHS number is 943 476 5919.' },
        { text: 'Flu clinics are by appointment: call reception to book.' },
        { text: 'Worried about chest pain? DM us your symptoms.' },
      ]),
    );
    const result = run(file);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('[["patient_id"],[],["no_signpost","invites_contact"]]\n');
  });

  it('reads the corpus (extra fields and all) and agrees with checkDraft', () => {
    const result = run(corpusFile);
    expect(result.status).toBe(0);
    const corpus = JSON.parse(fs.readFileSync(corpusFile, 'utf8')) as { text: string }[];
    expect(JSON.parse(result.stdout)).toEqual(corpus.map((d) => checkDraft(d.text, CLI_CONTEXT).map((w) => w.code)));
  });

  it('prints [] for an empty array', () => {
    expect(run(writeFile('empty.json', '[]')).stdout).toBe('[]\n');
  });

  it.each([
    ['bad JSON', '[{"text": "Flu clinic",}', /^check-drafts: .*bad-json\.json is not valid JSON: .+\n$/],
    [
      'an object, not an array',
      '{"text": "Flu clinic"}',
      /^check-drafts: .*: it must be a JSON array of objects, each with a "text" string\n$/,
    ],
    [
      'a draft without text',
      '[{"text": "Flu clinic"}, {"body": "Walk-in"}]',
      /^check-drafts: .*: draft 2 needs a "text" string\n$/,
    ],
    ['a text that is not a string', '[{"text": 42}]', /^check-drafts: .*: draft 1 needs a "text" string\n$/],
    ['a draft that is not an object', '["Flu clinic"]', /^check-drafts: .*: draft 1 needs a "text" string\n$/],
  ])('refuses %s with one line on stderr and exit code 1', (name, content, message) => {
    const result = run(writeFile(`${name.toLowerCase().replace(/\W+/g, '-')}.json`, content));
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('refuses a missing file, a folder and no file at all', () => {
    const missing = run(path.join(work, 'nope.json'));
    expect([missing.status, missing.stdout]).toEqual([1, '']);
    expect(missing.stderr).toMatch(/^check-drafts: cannot read .*nope\.json: no such file\n$/);
    expect(run(work).stderr).toMatch(/^check-drafts: cannot read .*: it is a folder\n$/);
    const none = run();
    expect(none.status).toBe(1);
    expect(none.stderr).toBe('check-drafts: give one JSON file: npm run --silent check-drafts -- drafts.json\n');
  });

  it('runs as the npm script, from a sub-folder with a relative file name', () => {
    const result = spawnSync('npm', ['run', '--silent', 'check-drafts', '--', 'fixtures/drafts.json'], {
      cwd: path.join(root, 'test'),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(run(corpusFile).stdout);
  });
});
