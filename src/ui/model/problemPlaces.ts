// Where each of checkSpec's problems is shown: at a model field (name, input, loss), on a layer
// card (which puts it at one of its fields when it can), or at the top of the cell.
import type { SpecProblem } from '../../core/spec';

export const MODEL_FIELDS = ['name', 'input', 'loss'] as const;

export interface PlacedProblems {
  top: SpecProblem[];
  byModelField: Map<string, SpecProblem[]>;
  byLayer: Map<number, SpecProblem[]>;
}

export function placeProblems(
  problems: readonly SpecProblem[],
  layerCount: number,
): PlacedProblems {
  const placed: PlacedProblems = { top: [], byModelField: new Map(), byLayer: new Map() };
  const add = <K>(map: Map<K, SpecProblem[]>, key: K, problem: SpecProblem) =>
    map.set(key, [...(map.get(key) ?? []), problem]);
  for (const problem of problems) {
    if (problem.layer !== undefined && problem.layer < layerCount)
      add(placed.byLayer, problem.layer, problem);
    else if (
      problem.layer === undefined &&
      (MODEL_FIELDS as readonly (string | undefined)[]).includes(problem.field)
    )
      add(placed.byModelField, problem.field as string, problem);
    else placed.top.push(problem);
  }
  return placed;
}
