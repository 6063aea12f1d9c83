import { Hono } from 'hono';
import { sql } from 'kysely';
import { refuseOtherMethods, type RouteContext } from './route-context';

/**
 * Liveness for load balancers and the dashboard: no auth, no details beyond counts. "degraded"
 * means the monitor runs but some sources are failing; 503 means the database does not answer.
 */
export function healthRoutes({ deps, now }: RouteContext): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    try {
      const row = await deps.db
        .selectFrom('sources')
        .select([
          sql<number>`count(*)`.as('total'),
          sql<number>`coalesce(sum(case when enabled = 1 then 1 else 0 end), 0)`.as('enabled'),
          sql<number>`coalesce(sum(case when error_count > 0 and enabled = 1 then 1 else 0 end), 0)`.as('failing'),
        ])
        .executeTakeFirstOrThrow();
      const sources = { total: Number(row.total), enabled: Number(row.enabled), failing: Number(row.failing) };
      return c.json({ status: sources.failing > 0 ? 'degraded' : 'ok', time: now(), database: { reachable: true }, sources });
    } catch (error) {
      deps.log.error('health check could not reach the database', { error: error instanceof Error ? error.message : String(error) });
      return c.json(
        { error: { code: 'unavailable', message: 'the database is not reachable' }, status: 'unavailable', database: { reachable: false } },
        503,
      );
    }
  });

  refuseOtherMethods(app, '/', ['GET']);
  return app;
}
