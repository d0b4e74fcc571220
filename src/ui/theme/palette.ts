// Colours for each theme: one per gradient method (and training twin, which share the names),
// chosen from the Okabe–Ito colour-blind-safe set and darkened/lightened for ≥3:1 contrast.
import type { MethodName } from '../../core/gradients/types';

export type ResolvedTheme = 'light' | 'dark';

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  surface: string;
  tolerance: string;
  series: Record<MethodName, string>;
}

export const PALETTES: Record<ResolvedTheme, Palette> = {
  light: {
    text: '#1c1e21',
    muted: '#4a4f57',
    grid: '#d5d9de',
    surface: '#ffffff',
    tolerance: '#6b4c9a',
    series: { reference: '#0b5fa5', vjp: '#c25400', jacobian: '#007a5a', naive: '#a8407e' },
  },
  dark: {
    text: '#e8eaed',
    muted: '#b4bac2',
    grid: '#3a3f47',
    surface: '#1b1e23',
    tolerance: '#c9a7f5',
    series: { reference: '#6cb4f0', vjp: '#ffab5c', jacobian: '#4fd1a5', naive: '#f08cc8' },
  },
};
