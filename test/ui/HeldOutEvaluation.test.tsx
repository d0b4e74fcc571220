// Held-out accuracy in the Train cell, drawn from core's real evaluations: the accuracy curve
// (a point per evaluation and twin, axes labelled in %), the latest accuracies in words, each
// twin's mistakes with what the model said, and a readable confusion matrix for ten classes.
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TrainCell } from '../../src/ui/cells/TrainCell';
import { settingsForPreset } from '../../src/ui/state/notebookSettings';
import { initialSession } from '../../src/ui/state/sessionState';
import { PALETTES } from '../../src/ui/theme/palette';
import { cellColours, contrastRatio } from '../../src/ui/train/ConfusionMatrix';
import { HeldOutResults } from '../../src/ui/train/HeldOutResults';
import { AccuracyChart } from '../../src/ui/charts/AccuracyChart';
import type { Evaluation } from '../../src/worker/protocol';
import {
  fixtureBinaryEvaluations,
  fixtureBinaryRecords,
  fixtureTenClassEvaluations,
} from './fixtures/evaluations';

const TWINS = ['reference', 'vjp', 'naive'] as const;

/** The curve and the latest results, as the Train cell places them. */
const HeldOutEvaluation = ({ evaluations }: { evaluations: Evaluation[] }) => (
  <>
    <AccuracyChart evaluations={evaluations} twins={TWINS} width={600} height={240} />
    <HeldOutResults evaluations={evaluations} />
  </>
);

describe('held-out evaluation', () => {
  it('draws a point per evaluation for each twin, on a % axis against the step', () => {
    const evaluations = fixtureBinaryEvaluations();
    expect(evaluations.map((e) => e.step)).toEqual([2, 4, 6]);
    render(<HeldOutEvaluation evaluations={evaluations} />);
    const chart = document.querySelector('[data-chart="accuracy"]')!;
    expect(
      [...chart.querySelectorAll('.step-legend li')].map((li) => li.getAttribute('data-points')),
    ).toEqual(['3', '3', '3']);
    expect(chart.textContent).toContain('held-out accuracy (%)');
    expect(chart.textContent).toContain('training step');
    const ticks = [...chart.querySelectorAll('.step-plot-tick-y text')].map((t) => t.textContent);
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.every((t) => t!.endsWith(' %'))).toBe(true);
    const last = evaluations[2];
    const summary = chart.querySelector('canvas')!.getAttribute('aria-label')!;
    expect(summary).toContain(
      `reference (full tape) ${(100 * last.twins.reference!.accuracy).toFixed(1)} %`,
    );
  });

  it('states each twin’s latest accuracy; the chained twin’s equals the full tape’s', () => {
    const evaluations = fixtureBinaryEvaluations();
    const last = evaluations.at(-1)!;
    render(<HeldOutEvaluation evaluations={evaluations} />);
    const summary = document.querySelector('.held-out-summary')!;
    const accuracy = (twin: string) =>
      Number(summary.querySelector(`[data-twin="${twin}"]`)!.getAttribute('data-accuracy'));
    expect(accuracy('reference')).toBe(last.twins.reference!.accuracy);
    expect(accuracy('vjp')).toBe(accuracy('reference'));
    expect(accuracy('naive')).toBe(last.twins.naive!.accuracy);
    expect(summary.textContent).toContain(`at step 6 (${last.examples} examples)`);
  });

  it("shows each twin's mistakes as true → predicted with the model's output", () => {
    const evaluations = fixtureBinaryEvaluations();
    const last = evaluations.at(-1)!;
    render(<HeldOutEvaluation evaluations={evaluations} />);
    for (const twin of TWINS) {
      const score = last.twins[twin]!;
      const panel = document.querySelector(`.held-out-twin[data-twin="${twin}"]`) as HTMLElement;
      expect(panel.querySelector('h3')!.textContent).toContain(
        `${score.correct} of ${score.examples} right`,
      );
      const shown = [...panel.querySelectorAll('.mistakes li')];
      expect(shown).toHaveLength(score.mistakes.length);
      score.mistakes.forEach((m, i) => {
        const [label, predicted] = [last.classNames[m.label], last.classNames[m.predicted]];
        expect(shown[i].querySelector('figcaption')!.textContent).toBe(`${label} → ${predicted}`);
        expect(shown[i].querySelector('.mistake-output')!.textContent).toBe(
          `P(square) = ${m.output[0].toFixed(2)}`,
        );
        expect(label).not.toBe(predicted);
      });
      // Two classes: no confusion matrix, the accuracy says it.
      expect(within(panel).queryByRole('table')).toBeNull();
    }
    expect(last.twins.reference!.mistakes.length).toBeGreaterThan(0);
  });

  it('tabulates the ten-class confusion matrix, rows true and columns predicted', () => {
    const evaluations = fixtureTenClassEvaluations();
    const last = evaluations.at(-1)!;
    render(<HeldOutEvaluation evaluations={evaluations} />);
    const table = screen.getByRole('table', { name: /Confusion matrix of reference/ });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(11);
    expect(
      within(rows[0])
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['true ↓ / predicted →', ...'0123456789'.split('')]);
    const counts = rows.slice(1).map((row) =>
      within(row)
        .getAllByRole('cell')
        .map((c) => Number(c.textContent)),
    );
    expect(counts).toEqual(last.twins.reference!.confusion);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(last.examples);
    expect(rows.slice(1).map((r) => within(r).getByRole('rowheader').textContent)).toEqual(
      last.classNames,
    );
  });

  it('keeps every count readable on its shade in both themes (contrast ≥ 4.5:1)', () => {
    for (const palette of Object.values(PALETTES))
      for (let i = 0; i <= 20; i++) {
        const { background, color } = cellColours(
          i / 20,
          palette.series.reference,
          palette.surface,
          palette.text,
        );
        expect(contrastRatio(background, color)).toBeGreaterThanOrEqual(4.5);
      }
  });

  it('appears in the Train cell when the data holds examples out, not for the seed batch', () => {
    const settings = { ...settingsForPreset('seed-toy'), trainSteps: 6 };
    const session = { ...initialSession, records: fixtureBinaryRecords() };
    const { rerender } = render(
      <TrainCell session={session} settings={settings} isReady dispatch={vi.fn()} send={vi.fn()} />,
    );
    expect(document.querySelector('[data-chart="accuracy"]')).toBeNull();
    rerender(
      <TrainCell
        session={session}
        settings={{ ...settings, dataset: { kind: 'shapes', size: 64 } }}
        isReady
        dispatch={vi.fn()}
        send={vi.fn()}
      />,
    );
    expect(document.querySelector('[data-chart="accuracy"]')).toBeTruthy();
    expect(document.querySelector('.held-out-summary')!.textContent).toContain('at step 6');
  });
});
