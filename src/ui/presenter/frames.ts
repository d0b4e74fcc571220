// The presenter's frames for one traced step, in the order a teacher walks through them:
// a title, each part forward (left to right), the loss, each part backward (right to left:
// the upstream gradient arriving, then the VJP it does), the comparison with the full tape and
// the optimizer's update. For P parts that is 4 + 3·P frames.
import type { StepTrace } from '../../worker/protocol';

export type Frame =
  | { kind: 'title' }
  /** model_k runs; for k < last the activation out_k crosses cut k. */
  | { kind: 'forward'; part: number }
  | { kind: 'loss' }
  /** g_k = dL/d(out_k) arrives at model_k's output (from the loss for the last part). */
  | { kind: 'upstream'; part: number }
  /** model_k's one backward pass: dL/dW_k, and g_{k−1} for the part before. */
  | { kind: 'vjp'; part: number }
  | { kind: 'compare' }
  | { kind: 'update' };

export const frameCount = (parts: number) => 4 + 3 * parts;

export function framesOf(trace: Pick<StepTrace, 'parts'>): Frame[] {
  const parts = trace.parts.map((p) => p.index);
  return [
    { kind: 'title' },
    ...parts.map((part): Frame => ({ kind: 'forward', part })),
    { kind: 'loss' },
    ...parts
      .slice()
      .reverse()
      .flatMap((part): Frame[] => [
        { kind: 'upstream', part },
        { kind: 'vjp', part },
      ]),
    { kind: 'compare' },
    { kind: 'update' },
  ];
}

/** Which parts are lit (running now), done, or waiting, in a frame. */
export type PartStatus = 'waiting' | 'active' | 'done';

export function partStatus(frame: Frame, part: number, last: number): PartStatus {
  switch (frame.kind) {
    case 'title':
      return 'waiting';
    case 'forward':
      return part === frame.part ? 'active' : part < frame.part ? 'done' : 'waiting';
    case 'loss':
      return 'done';
    case 'upstream':
    case 'vjp':
      // Backward: parts after this one have done their VJP; this one is doing its own.
      return part === frame.part ? 'active' : part > frame.part ? 'done' : 'waiting';
    case 'compare':
    case 'update':
      return part <= last ? 'done' : 'waiting';
  }
}

/** The frame's heading, in words. */
export function frameTitle(frame: Frame, trace: StepTrace): string {
  const last = trace.parts.length - 1;
  const name = (k: number) => trace.parts[k].name;
  switch (frame.kind) {
    case 'title':
      return `One training step of ${trace.model}, part by part`;
    case 'forward':
      return frame.part < last
        ? `Forward: ${name(frame.part)} runs, out_${frame.part} crosses cut ${frame.part}`
        : `Forward: ${name(frame.part)} runs and predicts ŷ`;
    case 'loss':
      return `The loss: ${trace.lossName}`;
    case 'upstream':
      return frame.part === last
        ? `Backward: g_${last} = ∂L/∂ŷ arrives at ${name(last)}`
        : `Backward: g_${frame.part} = ∂L/∂out_${frame.part} is handed back to ${name(frame.part)}`;
    case 'vjp':
      return `Backward: ${name(frame.part)} does one VJP`;
    case 'compare':
      return 'The same gradients as one full tape';
    case 'update':
      return `The update: ${trace.update.optimizer}, learning rate ${trace.update.learningRate}`;
  }
}
