// What every splittape command reads the same way — integers, cut lists, a preset or a spec
// file — and which errors are the user's input (one line, exit 2) rather than a bug.
import { readFileSync } from 'node:fs';
import { CutError } from '../core/cuts';
import { DataError } from '../core/data/datasets';
import { MemoryBudgetError } from '../core/memoryEstimate';
import { PRESETS } from '../core/presets';
import { SpecError } from '../core/spec';

export class UsageError extends Error {}

export function integer(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${text}'`);
  return value;
}

export function parseCuts(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(value))
      throw new UsageError(`--cuts must be layer indices separated by commas, got '${text}'`);
    return value;
  });
}

/** A preset's spec by name, or a spec file's JSON (validated later, by checkSpec). */
export function readTarget(target: string): unknown {
  const preset = PRESETS[target];
  if (preset) return preset.spec;
  if (!target.endsWith('.json'))
    throw new UsageError(`unknown preset '${target}' (known: ${Object.keys(PRESETS).join(', ')})`);
  let text: string;
  try {
    text = readFileSync(target, 'utf8');
  } catch {
    throw new UsageError(`cannot read spec file '${target}'`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${target} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The user's input was wrong: say so in one line, no stack trace. */
export const isBadInput = (error: unknown) =>
  error instanceof UsageError ||
  error instanceof SpecError ||
  error instanceof CutError ||
  error instanceof DataError ||
  error instanceof MemoryBudgetError ||
  ((error as { code?: string }).code ?? '').startsWith('ERR_PARSE_ARGS');

/** Runs a command; bad input prints one line and gives exit code 2, anything else is rethrown. */
export async function runCommand(command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (!isBadInput(error)) throw error;
    console.error(`splittape: ${(error as Error).message.split('\n')[0]}`);
    return 2;
  }
}
