// Events as postMessage should send them: every Float32Array copied into a buffer of its own,
// and those buffers listed for transfer. On tfjs's cpu backend dataSync() returns tfjs's own
// backing array, which clones, casts, reshapes and slices share. Transferring that would list one
// buffer twice ("Transfer list contains duplicate ArrayBuffer"), detach memory a live tensor
// still reads, or send a whole dataset for one slice of it. A copy is cheap beside the math.
import type { TensorData } from '../core/report';
import type { WorkerEvent } from './protocol';

export interface Outgoing {
  event: WorkerEvent;
  transfer: ArrayBuffer[];
}

export function withOwnBuffers(event: WorkerEvent): Outgoing {
  const transfer: ArrayBuffer[] = [];
  const own = (t: TensorData): TensorData => {
    const data = new Float32Array(t.data);
    transfer.push(data.buffer);
    return { shape: t.shape, data };
  };
  switch (event.type) {
    case 'gradients': {
      const methods = event.report.methods.map((m) => ({
        ...m,
        weights: m.weights.map(own),
        boundaries: m.boundaries.map(own),
      }));
      return { event: { ...event, report: { ...event.report, methods } }, transfer };
    }
    case 'trace': {
      const ownPicture = <T extends { picture: TensorData }>(t: T): T => ({
        ...t,
        picture: own(t.picture),
      });
      const { trace } = event;
      const pictured = {
        ...trace,
        activations: trace.activations.map(ownPicture),
        prediction: ownPicture(trace.prediction),
        upstream: trace.upstream.map(ownPicture),
      };
      return { event: { ...event, trace: pictured }, transfer };
    }
    case 'configured': {
      const dataset = { ...event.dataset, examples: event.dataset.examples.map(own) };
      return { event: { ...event, dataset }, transfer };
    }
    case 'weights': {
      const { state } = event;
      const twins: typeof state.twins = {};
      const optimizers: typeof state.optimizers = {};
      for (const [name, tensors] of Object.entries(state.twins))
        twins[name as keyof typeof twins] = tensors.map(own);
      for (const [name, list] of Object.entries(state.optimizers))
        optimizers[name as keyof typeof optimizers] = list.map((o) => ({
          ...o,
          slots: o.slots.map(own),
        }));
      return { event: { ...event, state: { ...state, twins, optimizers } }, transfer };
    }
    case 'ready':
    case 'weightsImported':
    case 'progress':
    case 'trainingState':
    case 'cost':
    case 'imageProgress':
    case 'images':
    case 'error':
      return { event, transfer };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
