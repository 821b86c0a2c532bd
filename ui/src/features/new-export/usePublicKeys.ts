import { useEffect, useState } from 'react';
import { keysApi, type PublicKey } from '../../api/issue16';
import { errorMessage } from '../../api/client';

/** The caller's OpenPGP public keys (first 100), fetched once `enabled`. */
export function usePublicKeys(enabled: boolean): { items: PublicKey[]; loading: boolean; error: string | null } {
  const [items, setItems] = useState<PublicKey[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (!enabled || loaded) return;
    let live = true;
    setLoading(true);
    keysApi
      .list()
      .then((page) => {
        if (!live) return;
        setItems(page?.items ?? []);
        setError(null);
        setLoaded(true);
      })
      .catch((err) => {
        if (live) setError(errorMessage(err));
      })
      .finally(() => {
        if (live) setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [enabled, loaded]);
  return { items, loading, error };
}

/** "ops (3AA5 C343 … 1F2B)": a key's name and the end of its fingerprint. */
export function keyLabel(k: PublicKey): string {
  const fp = k.fingerprint.toUpperCase();
  return `${k.name || k.user_ids?.[0] || 'key'} (…${fp.slice(-16)})`;
}

/** Does the recipient reference (id, fingerprint or 16-hex key id) name this key? */
export function refersTo(ref: string, k: PublicKey): boolean {
  const r = ref.replace(/\s+/g, '').toUpperCase();
  return ref === k.id || r === k.fingerprint.toUpperCase() || r === k.key_id.toUpperCase();
}

/**
 * The recipients select's options: the user's keys by id, plus the references a stored request holds that are
 * not ids (a fingerprint or key id is kept as it was sent, labelled by its key when known).
 */
export function recipientOptions(keys: PublicKey[], chosen: string[]): { value: string; label: string }[] {
  const options = keys.map((k) => ({ value: k.id, label: keyLabel(k) }));
  for (const ref of chosen) {
    if (options.some((o) => o.value === ref)) continue;
    const k = keys.find((key) => refersTo(ref, key));
    options.push({ value: ref, label: k ? keyLabel(k) : ref });
  }
  return options;
}
