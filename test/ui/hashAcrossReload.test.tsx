import { describe, expect, it } from 'vitest';
import { HASH_HANDOVER_KEY, handOverHash, hashOnLoad } from '../../src/ui/state/hashAcrossReload';
import type { KeyValueStore } from '../../src/ui/state/autosave';

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
