/**
 * A fixed-window counter kept in PostgreSQL (table `rate_limit_window`, created by each app's migration),
 * shared by every process of an app: one atomic upsert per attempt, row-locked by PostgreSQL, so N
 * processes together allow the limit, not N times it. A window starts with the first attempt after the
 * previous one ended; attempts over the limit are still counted but never extend the window.
 */
export const COUNT_IN_WINDOW_SQL = `
  INSERT INTO rate_limit_window AS w (key, window_ends_at, hits)
  VALUES ($1, now() + make_interval(secs => $2), 1)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN w.window_ends_at <= now() THEN 1 ELSE w.hits + 1 END,
    window_ends_at = CASE WHEN w.window_ends_at <= now() THEN EXCLUDED.window_ends_at ELSE w.window_ends_at END
  RETURNING hits, extract(epoch FROM (window_ends_at - now()))::float8 AS seconds_left`;

/** Attempts counted in the current window, this one included, and the seconds until the window ends. */
export interface WindowCount {
  hits: number;
  secondsLeft: number;
}

export type WindowVerdict =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Allowed while the window's attempts are within the limit; refused ones are told when to try again. */
export function windowVerdict(count: WindowCount, limit: number): WindowVerdict {
  if (count.hits <= limit) return { allowed: true, remaining: limit - count.hits };
  return { allowed: false, retryAfterSeconds: retryAfterSeconds(count.secondsLeft) };
}

/** A Retry-After value: whole seconds, at least 1 (a window ending now still needs the next request). */
export function retryAfterSeconds(secondsLeft: number): number {
  return Number.isFinite(secondsLeft) ? Math.max(1, Math.ceil(secondsLeft)) : 1;
}

/** Anything that runs a parameterised query and returns rows (a TypeORM DataSource or EntityManager). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** Counts one attempt under `key` in a window of `windowSeconds`. */
export async function countInWindow(db: Queryable, key: string, windowSeconds: number): Promise<WindowCount> {
  const rows = (await db.query(COUNT_IN_WINDOW_SQL, [key, windowSeconds])) as {
    hits: number | string;
    seconds_left: number | string;
  }[];
  return { hits: Number(rows[0].hits), secondsLeft: Number(rows[0].seconds_left) };
}
