import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { authenticated, readRoutes, type RouteAccess } from '../http/bearer-auth.js';
import type { ServingContext } from './context.js';
import { adminRoutes, controlRoutes, probeRoutes } from './protocols/admin-routes.js';
import { predictRoutes } from './protocols/predict-routes.js';
import { mlflowProbes, mlflowRoutes } from './protocols/mlflow-routes.js';
import { v2Probes, v2Routes } from './protocols/v2-routes.js';

/**
 * The prediction service, read off one list: the health probes (always public), the prediction protocols and
 * model info (open on loopback, behind the token on an exposed bind), and the reload trigger (always behind the
 * token). A platform preset (registry, tracking, monitoring, UI) composes the same kit the same way.
 */
export async function mountPrediction(app: FastifyInstance, ctx: ServingContext, access: RouteAccess, o: { docs: boolean; version: string }): Promise<void> {
  if (o.docs) {
    // At the root so it sees every route of every scope.
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'forewarn prediction service', version: o.version, description: 'Predictions from the model version behind an alias. forewarn /predict, MLflow /invocations and Open Inference Protocol v2 over the same model, validated against its signature.' },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      },
    });
  }
  await app.register(probeRoutes(ctx));
  await app.register(mlflowProbes(ctx));
  await app.register(v2Probes(ctx));

  await readRoutes(app, access, async (scope) => {
    if (o.docs) {
      await scope.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });
      scope.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    }
    await scope.register(adminRoutes(ctx));
    await scope.register(predictRoutes(ctx));
    await scope.register(mlflowRoutes(ctx, o.version));
    await scope.register(v2Routes(ctx, o.version));
  });

  await authenticated(app, access.auth, async (scope) => {
    await scope.register(controlRoutes(ctx));
  });
}
