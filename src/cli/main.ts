// The `splittape` command: `check` a preset or a spec file and print the seed's allclose lines.
// Exit codes: 0 when vjp and jacobian agree with the reference, 1 when not, 2 on bad input.
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_METHODS, runCheck, toDump } from '../core/check';
import { CHECK_METHODS, type CheckMethodName, type MethodName } from '../core/gradients/types';
import { splitMethodsAgree } from '../core/report';
import { assertFitsMemory, estimateMemory } from '../core/memoryEstimate';
import { PRESETS } from '../core/presets';
import { checkSpec } from '../core/spec';
import { useBackend, useStockPoolKernels, type BackendName } from '../core/backends/select';
import { UsageError, integer, isBadInput, parseCuts, readTarget } from './args';
import { agreesWithFd64, formatCheck } from './format';
import { runTrain } from './train';
import { runExport } from './export';

const USAGE = `usage: npm run splittape -- check <preset | path/to/spec.json> [options]
  --cuts 0,1          cut after these layers (default: the preset's cuts, none for a spec file)
  --seed N            seed for the weights, the batch and the dropout masks (default 0)
  --batch N           batch size (default: the preset's, 4 for a spec file)
  --methods a,b       of reference,vjp,jacobian,naive,fd64 (default: all; fd64 only when
                      its estimate is under 3 s — name it to run it anyway)
  --fd64-samples N    elements fd64 checks per tensor (default 64; smaller tensors in full)
  --training          dropout active (the same masks for every method)
  --jacobian-budget-mib N   refuse Jacobians above N MiB (default 256)
  --backend cpu|wasm  tfjs backend (default cpu)
  --stock-kernels     use tfjs's own pooling gradients, two of which are wrong (AvgPoolGrad
                      with 'same' padding; MaxPoolGrad on wasm), to watch fd64 catch them
  --out dump.json     write the spec, weights, batch, dropout masks and every method's
                      gradients (fd64's sampled ones too) as JSON
Exit code: 0 when vjp and jacobian agree with the reference and every method but naive agrees
with fd64; 1 when not; 2 on bad input.
Training the split model beside its full-tape twin: npm run splittape -- train --help`;

function parseMethods(text: string): CheckMethodName[] {
  const methods = text.split(',').map((m) => m.trim());
  const unknown = methods.find((m) => !CHECK_METHODS.includes(m as CheckMethodName));
  if (unknown)
    throw new UsageError(`unknown method '${unknown}' (known: ${CHECK_METHODS.join(', ')})`);
  return methods as CheckMethodName[];
}

/** Refuses a model whose check would not fit in memory before anything is built (exit 2). */
function assertCheckFitsMemory(presetOrSpec: unknown, batch: number | undefined): void {
  const preset = typeof presetOrSpec === 'string' ? PRESETS[presetOrSpec] : undefined;
  const check = checkSpec(preset?.spec ?? presetOrSpec);
  if (!check.ok) return; // runCheck names the problem
  const size = batch ?? preset?.batch ?? 4; // runCheck's default batch
  const options = { batch: size, models: 1, optimizer: null, examples: size };
  assertFitsMemory(estimateMemory(check.spec, check.shapes, options), 'one gradient check');
}

async function main(argv: string[]): Promise<number> {
  // `train` has options of its own: src/cli/train.ts.
  if (argv[0] === 'train') return runTrain(argv.slice(1));
  // `export` writes the split model as a PyTorch, Keras or tfjs program: src/cli/export.ts.
  if (argv[0] === 'export') return runExport(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cuts: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      methods: { type: 'string' },
      training: { type: 'boolean' },
      'jacobian-budget-mib': { type: 'string' },
      'fd64-samples': { type: 'string' },
      backend: { type: 'string' },
      'stock-kernels': { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, target, ...extra] = positionals;
  if (command !== 'check' || !target || extra.length > 0)
    throw new UsageError(`expected 'check <preset | spec.json>'\n${USAGE}`);
  const backend = (values.backend ?? 'cpu') as BackendName;
  if (backend !== 'cpu' && backend !== 'wasm')
    throw new UsageError(`--backend must be cpu or wasm, got '${backend}'`);
  tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner, nothing else
  await useBackend(backend);
  if (values['stock-kernels']) useStockPoolKernels(true);
  const budgetMiB = values['jacobian-budget-mib'];
  const methods = values.methods === undefined ? undefined : parseMethods(values.methods);
  const samples = values['fd64-samples'];
  // A preset goes by name, so runCheck uses its cuts and batch.
  const spec = PRESETS[target] ? target : readTarget(target);
  const batch = values.batch === undefined ? undefined : integer('batch', values.batch, 1);
  assertCheckFitsMemory(spec, batch);
  const result = runCheck(spec, {
    cuts: values.cuts === undefined ? undefined : parseCuts(values.cuts),
    seed: values.seed === undefined ? undefined : integer('seed', values.seed, 0),
    batch,
    methods: methods ? methods.filter((m): m is MethodName => m !== 'fd64') : DEFAULT_METHODS,
    fd64: methods ? methods.includes('fd64') : 'auto',
    fd64Samples: samples === undefined ? undefined : integer('fd64-samples', samples, 1),
    training: values.training ?? false,
    jacobianBudgetBytes:
      budgetMiB === undefined ? undefined : integer('jacobian-budget-mib', budgetMiB, 0) * 2 ** 20,
  });
  const { seconds, ran } = result.fd64Estimate;
  const skipped = ran
    ? undefined
    : methods
      ? 'not asked for in --methods'
      : `estimated ${seconds.toFixed(0)} s, over the 3 s default; add fd64 to --methods to run it`;
  console.log(formatCheck(result.report, backend, skipped));
  if (values.out) {
    writeFileSync(values.out, JSON.stringify(toDump(result)));
    console.log(`wrote ${values.out}`);
  }
  return splitMethodsAgree(result.report) && agreesWithFd64(result.report) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    // Bad input of any kind is one line in words; a stack trace is not an answer to it.
    console.error(`splittape: ${isBadInput(error) ? error.message.split('\n')[0] : error.message}`);
    if (!isBadInput(error)) console.error(error.stack);
    process.exit(isBadInput(error) ? 2 : 3);
  },
);
