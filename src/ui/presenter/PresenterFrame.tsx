// What one frame shows below the parts: the tensor crossing a cut (shape, bytes, norm, picture),
// the loss, a part's VJP with its live numbers in KaTeX, the comparison with the full tape, or
// the optimizer's update per part.
import type { GradientsReport, StepTrace } from '../../worker/protocol';
import type { TracedTensor } from '../../core/trace';
import { texNumber } from '../explain/chainRuleTex';
import { Tex } from '../explain/Tex';
import { formatBytes, scientific, withSeparators } from '../format/numbers';
import type { Frame } from './frames';
import { TensorPicture } from './TensorPicture';

interface PresenterFrameProps {
  frame: Frame;
  trace: StepTrace;
  /** Training steps the traced weights had taken. */
  step: number;
  report: GradientsReport | null;
}

/** 0.0123 or 1.23e-7: `digits` significant digits either way. */
const short = (x: number, digits = 3) =>
  x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4)
    ? x.toExponential(digits - 1)
    : x.toPrecision(digits);

/** The same in TeX: 0.401 on a slide reads better than 4.01 × 10⁻¹. */
const texValue = (x: number, digits = 3) =>
  Number.isFinite(x)
    ? short(x, digits).replace(/e([+-]?\d+)$/, (_, e: string) => ` \\times 10^{${Number(e)}}`)
    : texNumber(x);

const shapeText = (shape: number[]) => `[${shape.join(' × ')}]`;
const out = (k: number, last: number) => (k === last ? '\\hat{y}' : `\\mathrm{out}_{${k}}`);

function TensorPanel({
  tensor,
  name,
  tex,
  caption,
}: {
  tensor: TracedTensor;
  /** Its name in words, for the picture's accessible name: out_0, ŷ, g_1. */
  name: string;
  tex: string;
  caption: string;
}) {
  return (
    <div className="presenter-tensor">
      <dl className="presenter-facts">
        <dt>
          <Tex tex={tex} />
        </dt>
        <dd>{caption}</dd>
        <dt>shape</dt>
        <dd>{shapeText(tensor.shape)}</dd>
        <dt>size</dt>
        <dd>
          {formatBytes(tensor.bytes)} ({withSeparators(tensor.bytes / 4)} floats)
        </dd>
        <dt>norm</dt>
        <dd>
          <Tex tex={`\\lVert ${tex} \\rVert = ${texValue(tensor.norm)}`} />
        </dd>
      </dl>
      <TensorPicture picture={tensor.picture} label={name} />
    </div>
  );
}

/**
 * The float64 check's max |Δ| per weight and per cut, when the latest report ran it at the
 * trace's cuts.
 */
function fd64Errors(report: GradientsReport | null, trace: StepTrace) {
  if (!report || report.cuts.join() !== trace.cuts.join()) return null;
  const against = report.methods.find((m) => m.method === 'vjp')?.againstFd64;
  if (!against || against.weights.length !== trace.weights.length) return null;
  return {
    weights: against.weights.map((c) => c.maxAbsError),
    boundaries: against.boundaries.map((c) => c.maxAbsError),
  };
}

export function PresenterFrame({ frame, trace, step, report }: PresenterFrameProps) {
  const last = trace.parts.length - 1;
  switch (frame.kind) {
    case 'title':
      return (
        <div className="presenter-prose">
          <p>
            {trace.model} is cut after {trace.cuts.length === 1 ? 'layer' : 'layers'}{' '}
            {trace.cuts.join(', ')} into {trace.parts.length} parts, each with its own tape.
          </p>
          <p>
            The next training step: step {step + 1}&apos;s batch of {trace.batch} examples and its
            dropout masks, at the split twin&apos;s weights after {step}{' '}
            {step === 1 ? 'training step' : 'training steps'}.
          </p>
          <p className="presenter-muted">Press → to run the forward pass.</p>
        </div>
      );
    case 'forward': {
      const k = frame.part;
      const tensor = k < last ? trace.activations[k] : trace.prediction;
      return (
        <TensorPanel
          tensor={tensor}
          name={k < last ? `out_${k}` : 'ŷ'}
          tex={out(k, last)}
          caption={k < last ? `crosses cut ${k} into ${trace.parts[k + 1].name}` : 'the prediction'}
        />
      );
    }
    case 'loss':
      return (
        <div className="presenter-prose">
          <Tex
            tex={`L = \\mathrm{${trace.lossName}}(\\hat{y}, y) = ${texValue(trace.loss, 4)}`}
            display
          />
          <p>Over all {trace.batch} examples of the batch. The first example:</p>
          <Tex
            tex={`\\hat{y} = [${Array.from(trace.prediction.picture.data, (v) => texValue(v)).join(',\\ ')}],\\qquad y = [${trace.target.map((v) => texValue(v)).join(',\\ ')}]`}
            display
          />
        </div>
      );
    case 'upstream': {
      const k = frame.part;
      return (
        <TensorPanel
          tensor={trace.upstream[k]}
          name={`g_${k}`}
          tex={`g_{${k}}`}
          caption={
            k === last
              ? '∂L/∂ŷ, from the loss’s own backward pass'
              : `∂L/∂out_${k}, handed back across cut ${k} by ${trace.parts[k + 1].name}`
          }
        />
      );
    }
    case 'vjp': {
      const k = frame.part;
      const weights = trace.weights.filter((w) => w.part === k);
      const formula =
        `\\frac{\\partial L}{\\partial W_{${k}}} = g_{${k}}^{\\top}\\frac{\\partial ${out(k, last)}}{\\partial W_{${k}}}` +
        (k > 0
          ? `,\\qquad g_{${k - 1}} = g_{${k}}^{\\top}\\frac{\\partial ${out(k, last)}}{\\partial \\mathrm{out}_{${k - 1}}}`
          : '');
      const numbers =
        `\\lVert g_{${k}} \\rVert = ${texValue(trace.upstream[k].norm)} \\;\\Rightarrow\\; ` +
        `\\lVert \\partial L/\\partial W_{${k}} \\rVert = ${texValue(trace.partGradNorms[k])}` +
        (k > 0
          ? `,\\ \\ \\lVert g_{${k - 1}} \\rVert = ${texValue(trace.upstream[k - 1].norm)}`
          : '');
      return (
        <div className="presenter-prose">
          <Tex tex={formula} display />
          <Tex tex={numbers} display />
          {weights.length > 0 ? (
            <table className="presenter-table">
              <tbody>
                {weights.map((w) => (
                  <tr key={w.name}>
                    <th scope="row">{w.name}</th>
                    <td>{shapeText(w.shape)}</td>
                    <td>‖∂L/∂W‖ = {short(w.gradNorm)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{trace.parts[k].name} has no weights: its VJP only passes g on.</p>
          )}
          <p className="presenter-muted">
            One backward pass of {trace.parts[k].name}&apos;s tape; no Jacobian is built.
          </p>
        </div>
      );
    }
    case 'compare': {
      const fd64 = fd64Errors(report, trace);
      const worst = Math.max(
        ...trace.weights.map((w) => w.maxAbsDiff),
        ...trace.upstreamMaxAbsDiff,
      );
      return (
        <div className="presenter-prose">
          <p>
            Chained VJPs against one tape over the whole model: largest |Δ| {scientific(worst)}.
            {fd64
              ? ' The float64 column is the latest gradient report’s check (first batch, dropout masks of step 0).'
              : ''}
          </p>
          <table className="presenter-table presenter-table-compact">
            <thead>
              <tr>
                <th scope="col">tensor</th>
                <th scope="col">max |Δ| vs full tape</th>
                {fd64 ? <th scope="col">vs float64 check</th> : null}
              </tr>
            </thead>
            <tbody>
              {trace.weights.map((w, i) => (
                <tr key={w.name}>
                  <th scope="row">∂L/∂ {w.name}</th>
                  <td>{scientific(w.maxAbsDiff)}</td>
                  {fd64 ? <td>{scientific(fd64.weights[i])}</td> : null}
                </tr>
              ))}
              {trace.upstreamMaxAbsDiff.map((d, k) => (
                <tr key={`g${k}`}>
                  <th scope="row">
                    g_{k} at cut {k}
                  </th>
                  <td>{scientific(d)}</td>
                  {fd64 ? <td>{scientific(fd64.boundaries[k] ?? NaN)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'update': {
      const fresh = trace.update.optimizer !== 'sgd' && !trace.update.fromSession;
      const largest = Math.max(...trace.partUpdateNorms, 1e-30);
      return (
        <div className="presenter-prose">
          <ul className="presenter-updates">
            {trace.parts.map((p) => (
              <li key={p.index}>
                <span className="presenter-update-name">{p.name}</span>
                <span className="presenter-update-bar">
                  <span style={{ width: `${(100 * trace.partUpdateNorms[p.index]) / largest}%` }} />
                </span>
                <span>
                  ‖ΔW‖ = {short(trace.partUpdateNorms[p.index])}
                  {trace.partGradNorms[p.index] === 0 ? ' (no weights)' : ''}
                </span>
              </li>
            ))}
          </ul>
          <p className="presenter-muted">
            Each part&apos;s own optimizer
            {trace.update.fromSession && trace.update.optimizer !== 'sgd'
              ? ` (a copy of its ${trace.update.optimizer} state, running averages included)`
              : ''}
            , applied to copies: the update the next step makes; training did not move.
            {fresh
              ? ` A fresh ${trace.update.optimizer} optimizer: its first step, without the session's running averages.`
              : ''}
          </p>
        </div>
      );
    }
  }
}
