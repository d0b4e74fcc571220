// The tab's hand-over of its latest settings to its own reload (state/hashAcrossReload.ts), and
// useUrlSettings giving it the URL the reload really opens.
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  startingHash,
  URL_WRITE_DELAY_MS,
  useUrlSettings,
} from '../../src/ui/hooks/useUrlSettings';
import { HASH_HANDOVER_KEY, handOverHash, hashOnLoad } from '../../src/ui/state/hashAcrossReload';
import type { KeyValueStore } from '../../src/ui/state/autosave';
import { settingsForPreset } from '../../src/ui/state/notebookSettings';
import { urlHashOf } from '../../src/ui/state/notebookUrl';

function memoryStore(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('the hash a tab hands over to its own reload', () => {
  it('is used when the reload opens the URL it was handed from, and only once', () => {
    const store = memoryStore();
    handOverHash(store, '#old', '#new');
    expect(hashOnLoad(store, '#old')).toBe('#new');
    expect(store.map.has(HASH_HANDOVER_KEY)).toBe(false);
    expect(hashOnLoad(store, '#old')).toBe('#old');
  });

  it('gives way to any other URL: a pasted link or Back to another hash', () => {
    const store = memoryStore();
    handOverHash(store, '#old', '#new');
    expect(hashOnLoad(store, '#other')).toBe('#other');
    expect(hashOnLoad(store, '')).toBe('');
  });

  it('is not kept when the URL already shows the latest settings', () => {
    const store = memoryStore();
    handOverHash(store, '#old', '#new');
    handOverHash(store, '#same', '#same');
    expect(store.map.has(HASH_HANDOVER_KEY)).toBe(false);
  });

  it('leaves the URL alone when storage is refused or the entry is garbled', () => {
    const refusing: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(() => handOverHash(refusing, '#a', '#b')).not.toThrow();
    expect(hashOnLoad(refusing, '#a')).toBe('#a');
    expect(hashOnLoad(null, '#a')).toBe('#a');
    const garbled = memoryStore();
    garbled.setItem(HASH_HANDOVER_KEY, '{"shown":');
    expect(hashOnLoad(garbled, '#a')).toBe('#a');
    garbled.setItem(HASH_HANDOVER_KEY, '{"shown":"#a","latest":7}');
    expect(hashOnLoad(garbled, '#a')).toBe('#a');
  });
});

describe('useUrlSettings before a reload', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    sessionStorage.clear();
    window.history.replaceState(null, '', '#');
  });
  afterEach(() => vi.useRealTimers());

  const change = (dispatch: ReturnType<typeof useUrlSettings>[1], learningRate: number) =>
    act(() => dispatch({ kind: 'hyper', hyper: { learningRate } }));

  it('hands over a change the URL did not show yet when the reload began', () => {
    const hook = renderHook(() => useUrlSettings(() => settingsForPreset('seed-toy')));
    act(() => vi.advanceTimersByTime(URL_WRITE_DELAY_MS));
    const opened = window.location.hash;
    change(hook.result.current[1], 0.02);
    // The reload begins; while the server answers, the page's delayed write still runs.
    window.dispatchEvent(new Event('beforeunload'));
    act(() => vi.advanceTimersByTime(URL_WRITE_DELAY_MS));
    expect(decodeURIComponent(window.location.hash)).toContain('"learningRate":0.02');
    window.dispatchEvent(new Event('pagehide'));
    // The reload opens the URL it began from; the next page starts from the change.
    window.history.replaceState(null, '', opened);
    expect(startingHash()).toBe(urlHashOf(hook.result.current[0]));
    hook.unmount();
  });

  it('hands nothing over when the URL was changed by someone else before the reload', () => {
    const hook = renderHook(() => useUrlSettings(() => settingsForPreset('seed-toy')));
    act(() => vi.advanceTimersByTime(URL_WRITE_DELAY_MS));
    change(hook.result.current[1], 0.02);
    window.history.replaceState(null, '', '#pasted');
    window.dispatchEvent(new Event('beforeunload'));
    window.dispatchEvent(new Event('pagehide'));
    expect(startingHash()).toBe('#pasted');
    hook.unmount();
  });
});
