import { readRepoFile } from './repo';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Dockerfile {
  /** Every instruction, continuation lines joined, comments dropped. */
  instructions: Instruction[];
  /** The instructions of the last stage (the runtime image). */
  final: Instruction[];
}

/** Parses a Dockerfile of the repository (enough for our own files: no heredocs, no parser directives but syntax). */
export function readDockerfile(relative: string): Dockerfile {
  const text = readRepoFile(relative);
  if (text === undefined) throw new Error(`${relative} is missing`);
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const instructions = joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S+)\s+(.*)$/.exec(line);
      return { keyword: (m?.[1] ?? line).toUpperCase(), args: (m?.[2] ?? '').trim() };
    });
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return { instructions, final: instructions.slice(lastFrom) };
}

/** The last `keyword` of the runtime stage. */
export const finalArgs = (file: Dockerfile, keyword: string): string | undefined =>
  file.final.filter((i) => i.keyword === keyword).at(-1)?.args;

/** An exec-form argument list (`["node", "x.js"]`); throws on shell form, which would not pass SIGTERM on. */
export function execForm(args: string): string[] {
  if (!args.startsWith('[')) throw new Error(`not exec form: ${args}`);
  return JSON.parse(args) as string[];
}

/** A RUN command without its BuildKit flags (--mount=...). */
export const runCommand = (args: string): string => args.replace(/^(--\S+\s+)+/, '');
