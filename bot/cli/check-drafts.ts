import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { DraftContext, TextWarningCode } from '../../services/domain/warnings';
import { checkDraft } from '../../services/plans/checks';

/**
 * `npm run --silent check-drafts -- FILE`: reads a JSON array of objects
 * with a "text" field and prints, as JSON on stdout, one list of warning
 * names per draft: [["patient_id"],[],["no_signpost","invites_contact"]].
 *
 * Drafts are judged as the plan of a practice whose PCN partners have not
 * said they offer any service, so any service promised warns.
 * A missing or unreadable file, bad JSON or the wrong shape prints one line
 * on stderr and exits 1.
 */

const CLI_CONTEXT: DraftContext = { hasPartners: true, offeredByAllPartners: new Set() };

const Drafts = z.array(z.object({ text: z.string() }).passthrough());

export interface CliResult {
  readonly code: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

function failure(message: string): CliResult {
  return { code: 1, stdout: '', stderr: `check-drafts: ${oneLine(message)}\n` };
}

/** Where the file's shape is wrong, counting drafts from 1: "draft 3 needs a \"text\" string". */
function shapeProblem(error: z.ZodError): string {
  const index = error.issues[0].path[0];
  if (typeof index !== 'number') return 'it must be a JSON array of objects, each with a "text" string';
  return `draft ${index + 1} needs a "text" string`;
}

/**
 * The whole command, without touching the process: the arguments after the
 * script's name, and the folder a relative file name is read from.
 */
export function checkDraftsCli(args: readonly string[], cwd = process.cwd()): CliResult {
  const file = args[0];
  if (!file || args.length > 1) return failure('give one JSON file: npm run --silent check-drafts -- drafts.json');
  let source: string;
  try {
    source = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message;
    return failure(`cannot read ${file}: ${why}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    return failure(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const drafts = Drafts.safeParse(json);
  if (!drafts.success) return failure(`${file}: ${shapeProblem(drafts.error)}`);
  const results: TextWarningCode[][] = drafts.data.map(
    (draft) => checkDraft(draft.text, CLI_CONTEXT).map((warning) => warning.code) as TextWarningCode[],
  );
  return { code: 0, stdout: `${JSON.stringify(results)}\n`, stderr: '' };
}

if (require.main === module) {
  // The npm script changes back to where `npm run` was typed, so relative file names read from there.
  const result = checkDraftsCli(process.argv.slice(2), process.cwd());
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
