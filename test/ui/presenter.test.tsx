// Presenter mode driven by the keyboard and its buttons, over a real trace: core's traceStep of
// seed-toy (cuts [0, 1], batch 3) on tfjs's cpu backend. 3 parts make 4 + 3·3 = 13 frames.
import { fireEvent, render, screen } from '@testing-library/react';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { buildModel } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import { traceStep } from '../../src/core/trace';
import { ExplainCell } from '../../src/ui/cells/ExplainCell';
import { frameCount, framesOf } from '../../src/ui/presenter/frames';
import { PresenterView } from '../../src/ui/presenter/PresenterView';
import { initialSession, sessionReducer } from '../../src/ui/state/sessionState';
import { fixtureReport } from './fixtures/report';
import { preloadTex } from '../../src/ui/explain/Tex';

await tf.setBackend('cpu');

async function seedToyTrace() {
  const toy = PRESETS['seed-toy'];
  const model = buildModel(toy.spec, 0);
  const batch = randomBatch(model.spec, 1, toy.batch, 0);
  try {
    return await traceStep(model, batch, partsOf(model.spec.input, model.shapes, toy.cuts), {
      optimizer: 'sgd',
      learningRate: 0.1,
      context: { training: false, step: 0 },
    });
  } finally {
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  }
}

const TRACE = { trace: await seedToyTrace(), step: 0 };

function renderPresenter(onClose = vi.fn()) {
  render(
    <PresenterView
      trace={structuredClone(TRACE)}
      isTracing={false}
      report={fixtureReport()}
      onClose={onClose}
    />,
  );
  return { onClose, dialog: screen.getByRole('dialog') };
}

const heading = () => screen.getByRole('heading', { level: 2 }).textContent;
const press = (key: string) => fireEvent.keyDown(window, { key });

// The page loads KaTeX on demand; loaded here first, formulas draw in the same render.
beforeAll(() => preloadTex());

describe('presenter mode', () => {
  it('has 4 + 3·parts frames: title, forward per part, loss, two backward per part, comparison, update', () => {
    expect(framesOf(TRACE.trace).map((f) => f.kind + ('part' in f ? f.part : ''))).toEqual([
      'title',
      'forward0',
      'forward1',
      'forward2',
      'loss',
      'upstream2',
      'vjp2',
      'upstream1',
      'vjp1',
      'upstream0',
      'vjp0',
      'compare',
      'update',
    ]);
    expect(frameCount(3)).toBe(13);
  });

  it('→ and ← walk the frames and stop at both ends; Home and End jump; Esc leaves', () => {
    const { onClose, dialog } = renderPresenter();
    expect(dialog.dataset.frames).toBe('13');
    expect(screen.getByText('1 / 13')).toBeTruthy();
    press('ArrowLeft');
    expect(dialog.dataset.frame).toBe('0');
    press('ArrowRight');
    expect(heading()).toBe('Forward: model_0 runs, out_0 crosses cut 0');
    press('ArrowRight');
    press('ArrowRight');
    expect(heading()).toBe('Forward: model_2 runs and predicts ŷ');
    press('ArrowRight');
    expect(heading()).toBe('The loss: mse');
    press('ArrowRight');
    expect(heading()).toBe('Backward: g_2 = ∂L/∂ŷ arrives at model_2');
    press('PageDown');
    press('PageDown');
    expect(heading()).toBe('Backward: g_1 = ∂L/∂out_1 is handed back to model_1');
    press('ArrowLeft');
    expect(heading()).toBe('Backward: model_2 does one VJP');
    press('End');
    expect(screen.getByText('13 / 13')).toBeTruthy();
    press('ArrowRight');
    expect(dialog.dataset.frame).toBe('12');
    press('Home');
    expect(dialog.dataset.frame).toBe('0');
    expect(onClose).not.toHaveBeenCalled();
    press('Escape');
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('the on-screen buttons step too, and are disabled at the ends', () => {
    const { onClose } = renderPresenter();
    const previous = screen.getByRole('button', { name: '← Previous' }) as HTMLButtonElement;
    const next = screen.getByRole('button', { name: 'Next →' }) as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    for (let i = 0; i < 12; i++) fireEvent.click(next);
    expect(next.disabled).toBe(true);
    expect(heading()).toMatch(/^The update: sgd/);
    fireEvent.click(previous);
    expect(heading()).toBe('The same gradients as one full tape');
    fireEvent.click(screen.getByRole('button', { name: 'Leave (Esc)' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("shows the trace's own numbers: the activation's shape and bytes, the loss, the VJP's norms", () => {
    const { trace } = TRACE;
    renderPresenter();
    press('ArrowRight');
    expect(screen.getByText('[3 × 9 × 9 × 6]')).toBeTruthy();
    expect(screen.getByText('5.7 KiB (1,458 floats)')).toBeTruthy();
    expect(
      screen.getByRole('img', { name: 'out_0: 4 channels of the first example, 9×9' }),
    ).toBeTruthy();
    press('End');
    press('Home');
    for (let i = 0; i < 4; i++) press('ArrowRight');
    expect(screen.getByRole('dialog').textContent).toContain(trace.loss.toPrecision(4));
    press('ArrowRight');
    press('ArrowRight');
    // model_2's VJP: the dense layer's kernel and bias with their gradient norms.
    const kernel = trace.weights.find((w) => w.part === 2 && w.name.startsWith('kernel'))!;
    expect(
      screen.getByRole('row', { name: new RegExp(kernel.name.replace(/[()]/g, '\\$&')) })
        .textContent,
    ).toContain(kernel.gradNorm.toPrecision(3));
  });

  it('the comparison frame lists max |Δ| against the full tape and the float64 check', () => {
    renderPresenter();
    press('End');
    press('ArrowLeft');
    const rows = screen.getAllByRole('row');
    // A header, 6 weights and 2 cuts.
    expect(rows).toHaveLength(9);
    expect(screen.getByRole('columnheader', { name: 'vs float64 check' })).toBeTruthy();
  });

  it('says it is tracing until the trace arrives, and shows a failure in words', () => {
    const { rerender } = render(
      <PresenterView trace={null} isTracing report={null} onClose={() => {}} />,
    );
    expect(screen.getByRole('status').textContent).toBe('Tracing one step in the worker…');
    rerender(
      <PresenterView
        trace={null}
        isTracing={false}
        report={null}
        error={{ message: 'no model is configured yet', recoverable: true }}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('no model is configured yet');
  });

  it('the Explain cell opens it with "Present one step"', () => {
    const onPresent = vi.fn();
    render(<ExplainCell report={fixtureReport()} onPresent={onPresent} />);
    fireEvent.click(screen.getByRole('button', { name: 'Present one step' }));
    expect(onPresent).toHaveBeenCalledTimes(1);
  });

  it('the session holds the trace: tracing on request, the event stored, an error ends the wait', () => {
    const sent = sessionReducer(initialSession, {
      kind: 'sent',
      request: { type: 'traceStep' },
    });
    expect(sent.isTracing).toBe(true);
    const traced = sessionReducer(sent, { kind: 'event', event: { type: 'trace', ...TRACE } });
    expect(traced.isTracing).toBe(false);
    expect(traced.trace?.trace.loss).toBe(TRACE.trace.loss);
    const failed = sessionReducer(sent, {
      kind: 'event',
      event: { type: 'error', message: 'x', where: 'gradients', recoverable: true },
    });
    expect(failed.isTracing).toBe(false);
  });
});
