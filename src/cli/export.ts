// `splittape export`: the split model as a PyTorch, TensorFlow/Keras or TensorFlow.js program
// that chains a backward pass per part and prints the seed-style comparison with the full tape;
// with --with-weights it embeds the weights and batch `check` uses, so both print the same numbers.
// Exit codes: 0 when written, 2 on bad input (one line).
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { useBackend } from '../core/backends/select';
import { runCheck } from '../core/check';
import { EXPORT_TARGETS, exportCode, type Embedded, type ExportTarget } from '../core/export';
import { PRESETS } from '../core/presets';
import { parseSpec, type ModelSpec } from '../core/spec';
import { UsageError, integer, parseCuts, readTarget, runCommand } from './args';

export const EXPORT_USAGE = `usage: npm run splittape -- export <preset | path/to/spec.json> --to pytorch|keras|tfjs [options]
  --cuts 0,1        cut after these layers (default: the preset's cuts, none for a spec file)
  --with-weights    embed the weights and batch \`check\` uses with the same --seed, --batch and
                    --training, so the program prints the numbers check prints
  --seed N          with --with-weights: the seed of the weights, batch and masks (default 0)
  --batch N         batch size (default: the preset's, 4 for a spec file)
  --training        with --with-weights: dropout active, check's masks embedded
  --out file        write the program there (default: print it)
Exit code: 0 when written, 2 on bad input.`;

const RUN: Record<ExportTarget, (file: string) => string> = {
  pytorch: (file) => `python3 ${file}`,
  keras: (file) => `python3 ${file}   (needs TensorFlow 2)`,
  tfjs: (file) => `node ${file}   (with @tensorflow/tfjs 4.22 in a node_modules above it)`,
};

/** A preset name, or a spec file read and validated (SpecError names the field at fault). */
const loadSpec = (target: string): ModelSpec => parseSpec(readTarget(target)).spec;

/** Runs `export` with its arguments (after the word `export`); returns the exit code. */
export const runExport = (argv: string[]): Promise<number> => runCommand(() => exportProgram(argv));

async function exportProgram(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      cuts: { type: 'string' },
      'with-weights': { type: 'boolean' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      training: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(EXPORT_USAGE);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0)
    throw new UsageError(`expected 'export <preset | spec.json> --to pytorch|keras|tfjs'`);
  const to = values.to as ExportTarget | undefined;
  if (!to || !EXPORT_TARGETS.includes(to))
    throw new UsageError(`--to must be one of ${EXPORT_TARGETS.join(', ')}, got '${to ?? ''}'`);
  const withWeights = values['with-weights'] ?? false;
  for (const option of ['seed', 'training'] as const)
    if (values[option] !== undefined && !withWeights)
      throw new UsageError(`--${option} only means something with --with-weights`);
  const spec = loadSpec(target);
  const preset = PRESETS[target];
  const cuts = values.cuts === undefined ? (preset?.cuts ?? []) : parseCuts(values.cuts);
  const batch =
    values.batch === undefined ? (preset?.batch ?? 4) : integer('batch', values.batch, 1);
  const seed = values.seed === undefined ? 0 : integer('seed', values.seed, 0);
  const training = values.training ?? false;
  let embedded: Embedded | undefined;
  let command: string | undefined;
  if (withWeights) {
    tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner, nothing else
    await useBackend('cpu');
    // The weights, batch and masks come from `check` itself: the same seed gives the same numbers.
    const result = runCheck(preset ? target : spec, {
      cuts,
      seed,
      batch,
      training,
      methods: ['reference'],
      fd64: false,
    });
    embedded = {
      weights: result.weights,
      x: result.x,
      y: result.y,
      dropoutMasks: result.dropoutMasks,
    };
    command = `splittape check ${target} --cuts ${cuts.join(',')} --seed ${seed} --batch ${batch}${training ? ' --training' : ''}`;
  }
  const code = exportCode(spec, cuts, to, embedded, { batch, command });
  if (!values.out) {
    process.stdout.write(code);
    return 0;
  }
  writeFileSync(values.out, code);
  console.log(
    `wrote ${values.out}: ${spec.name} cut at [${cuts.join(', ')}] for ${to}${withWeights ? `, with the weights and batch of \`${command}\`` : ''}`,
  );
  console.log(`run it with: ${RUN[to](values.out)}`);
  return 0;
}
