// Theme (system, light or dark) and the large-text projector mode: remembered in localStorage,
// applied to <html> as data attributes the stylesheet reads, and exposed as a Display.
import { useEffect, useMemo, useState } from 'react';
import { PALETTES, type ResolvedTheme } from '../theme/palette';
import type { Display } from '../theme/DisplayContext';

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface DisplayPreferences {
  theme: ThemeChoice;
  largeText: boolean;
}

/** The root font scale of the large-text mode (see notebook.css). */
export const LARGE_TEXT_SCALE = 1.375;
const STORAGE_KEY = 'splittape.display';

function readStored(): DisplayPreferences {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<
      Record<string, unknown>
    >;
    return {
      theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system',
      largeText: stored.largeText === true,
    };
  } catch {
    return { theme: 'system', largeText: false };
  }
}

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

export function useDisplayPreferences() {
  const [preferences, setPreferences] = useState<DisplayPreferences>(readStored);
  const [systemIsDark, setSystemIsDark] = useState(() => darkQuery().matches);

  useEffect(() => {
    const query = darkQuery();
    const onChange = () => setSystemIsDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  const theme: ResolvedTheme =
    preferences.theme === 'system' ? (systemIsDark ? 'dark' : 'light') : preferences.theme;

  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.dataset.textSize = preferences.largeText ? 'large' : 'normal';
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(preferences));
    } catch {
      // Private windows may refuse storage; the preference then lasts for this visit only.
    }
  }, [theme, preferences]);

  const display = useMemo<Display>(
    () => ({
      theme,
      palette: PALETTES[theme],
      fontScale: preferences.largeText ? LARGE_TEXT_SCALE : 1,
    }),
    [theme, preferences.largeText],
  );
  return { preferences, setPreferences, display };
}
