import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { scheduleApi } from '../../api/schedules';

export const FIRE_TIMES_DEBOUNCE_MS = 400;

export interface FireTimes {
  times: string[];
  /** the API's message about the cron (or time zone), shown under the cron field */
  error: string | null;
  loading: boolean;
}

/** The message of a failed next-fire-times call: the field error about cron or timezone if any. */
export function fireTimesError(err: unknown): string {
  if (err instanceof ApiError && err.problem?.errors?.length) {
    const fieldError =
      err.problem.errors.find((e) => e.field === 'cron') ??
      err.problem.errors.find((e) => e.field === 'timezone') ??
      err.problem.errors[0];
    return fieldError.field === 'cron' ? fieldError.message : `${fieldError.field}: ${fieldError.message}`;
  }
  return errorMessage(err);
}

/**
 * The next `count` fire times of `cron` in `timezone`, from the API, asked again (debounced) when
 * either changes; an earlier answer still on its way is dropped.
 */
export function useNextFireTimes(cron: string | undefined, timezone: string | undefined, count = 5): FireTimes {
  const [state, setState] = useState<FireTimes>({ times: [], error: null, loading: false });
  const expression = (cron ?? '').trim();
  const zone = timezone || 'UTC';

  useEffect(() => {
    if (!expression) {
      setState({ times: [], error: null, loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      scheduleApi
        .nextFireTimes(expression, zone, count, controller.signal)
        .then((answer) => setState({ times: answer.fire_times ?? [], error: null, loading: false }))
        .catch((err) => {
          if (controller.signal.aborted) return;
          setState({ times: [], error: fireTimesError(err), loading: false });
        });
    }, FIRE_TIMES_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [expression, zone, count]);

  return state;
}
