// A gradient tape for one part, like TensorFlow's persistent GradientTape: it records the part's
// forward pass once, then answers vector-Jacobian products for any upstream gradient later:
//   tape.vjp([in, ...w], g) = [gᵀ·∂out/∂in, gᵀ·∂out/∂w…]  (TF: tape.gradient(out, xs, output_gradients=g))
//
// tfjs has no such object: tf.engine().gradients() records a forward pass and back-propagates in
// one call, so chaining parts with it re-runs every part's forward pass. Here the recording uses
// the engine's own tape (startTape/endTape, the nodes it appends, the tensors its kernels save for
// their gradients), and the backward walk is tfjs's backpropagateGradients, which tfjs-core does
// not export. The walk is short and mirrors tfjs-core/src/tape.ts; the tests hold it to
// tf.engine().gradients bit for bit.
import * as tf from '@tensorflow/tfjs';

/** The fields of a tfjs TapeNode this module reads (tfjs-core/src/tape.ts). */
interface TapeNode {
  id: number;
  kernelName: string;
  inputs: Record<string, tf.Tensor>;
  outputs: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
  saved?: tf.Tensor[];
}

/** The private parts of tfjs's Engine that record a tape (tfjs-core/src/engine.ts). */
interface EngineTapeInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  startTape(): void;
  endTape(): void;
}

const engineInternals = () => tf.engine() as unknown as EngineTapeInternals;

/**
 * After a throw inside a recording (a PartTape's or tf.engine().gradients'), the engine still
 * holds its tape, and with it the tensors its kernels saved for the backward pass — kept tensors,
 * which no tf.tidy frees. Frees them and drops the tape; does nothing inside a recording.
 */
export function discardEngineTape(): void {
  const { state } = engineInternals();
  if (state.gradientDepth !== 0 || state.activeTape === null) return;
  for (const node of state.activeTape) for (const saved of node.saved ?? []) saved.dispose();
  state.activeTape = null;
}

export class PartTape {
  private disposed = false;
  private filtered: { key: string; nodes: TapeNode[] } | null = null;

  private constructor(
    /** The part's output; owned by the tape and disposed with it. */
    readonly output: tf.Tensor,
    private readonly nodes: TapeNode[],
  ) {}

  /** Runs `forward` once with the engine recording, and keeps what the backward pass needs. */
  static record(forward: () => tf.Tensor): PartTape {
    const engine = engineInternals();
    if (engine.state.gradientDepth !== 0)
      throw new Error('a PartTape cannot record inside another gradient computation');
    engine.startTape();
    let output: tf.Tensor;
    try {
      output = tf.tidy(forward);
    } catch (error) {
      engine.endTape();
      discardEngineTape();
      throw error;
    }
    engine.endTape();
    const nodes = engine.state.activeTape ?? [];
    engine.state.activeTape = null;
    return new PartTape(output, nodes);
  }

  /**
   * Returns gᵀ·∂output/∂x for every x in xs (zeros where output does not depend on x), in one
   * backward pass over the recorded nodes. `upstream` has the output's shape and is not consumed.
   */
  vjp(xs: tf.Tensor[], upstream: tf.Tensor): tf.Tensor[] {
    if (this.disposed) throw new Error('this PartTape was disposed');
    if (!tf.util.arraysEqual(upstream.shape, this.output.shape))
      throw new Error(
        `upstream gradient has shape [${upstream.shape}], the part's output [${this.output.shape}]`,
      );
    const nodes = this.nodesFromXsToOutput(xs);
    return tf.tidy(() => {
      const gradients = new Map<number, tf.Tensor>([[this.output.id, upstream]]);
      for (let i = nodes.length - 1; i >= 0; i--) {
        const node = nodes[i];
        if (node.gradient == null)
          throw new Error(`cannot compute gradient: tfjs has no gradient for ${node.kernelName}`);
        const inputGradients = node.gradient(node.outputs.map((o) => gradients.get(o.id) ?? null));
        for (const [name, input] of Object.entries(node.inputs)) {
          const dx = tf.tidy(() => inputGradients[name]());
          const sum = gradients.get(input.id);
          if (sum === undefined) {
            gradients.set(input.id, dx);
          } else {
            // dL/dx accumulates over every use of x.
            gradients.set(input.id, tf.add(sum, dx));
            if (sum !== upstream) sum.dispose();
            dx.dispose();
          }
        }
      }
      return xs.map((x) => {
        const gradient = gradients.get(x.id);
        if (gradient === undefined) return tf.zerosLike(x);
        // tidy keeps returned tensors; the caller's upstream must come back as a new tensor.
        return gradient === upstream ? upstream.clone() : gradient;
      });
    });
  }

  /** Frees the tensors the kernels saved for the backward pass, and the output. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const node of this.nodes) for (const saved of node.saved ?? []) saved.dispose();
    this.output.dispose();
  }

  /**
   * The recorded nodes on a path from some x to the output, inputs pruned to those that depend
   * on an x (tfjs's getFilteredNodesXToY). Cached for the last xs, as a Jacobian asks many times.
   */
  private nodesFromXsToOutput(xs: tf.Tensor[]): TapeNode[] {
    const key = xs.map((x) => x.id).join(',');
    if (this.filtered?.key === key) return this.filtered.nodes;
    const fromX = new Set(xs.map((x) => x.id));
    const nodesFromX = new Set<number>();
    for (const node of this.nodes) {
      if (Object.values(node.inputs).some((input) => fromX.has(input.id))) {
        node.outputs.forEach((o) => fromX.add(o.id));
        nodesFromX.add(node.id);
      }
    }
    const leadsToY = new Set([this.output.id]);
    const nodesToY = new Set<number>();
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const node = this.nodes[i];
      if (node.outputs.some((o) => leadsToY.has(o.id))) {
        Object.values(node.inputs).forEach((input) => leadsToY.add(input.id));
        nodesToY.add(node.id);
      }
    }
    const nodes = this.nodes
      .filter((node) => nodesFromX.has(node.id) && nodesToY.has(node.id))
      .map((node) => ({
        ...node,
        inputs: Object.fromEntries(
          Object.entries(node.inputs).filter(([, input]) => fromX.has(input.id)),
        ),
      }));
    this.filtered = { key, nodes };
    return nodes;
  }
}
