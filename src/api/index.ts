import { accountsApi } from './accounts.api.ts';
import { blogsApi } from './blogs.api.ts';
import { feedsApi } from './external-blogs.api.ts';
import { jobsApi } from './jobs.api.ts';
import { mediaApi } from './media.api.ts';
import { notificationsApi } from './notifications.api.ts';
import { networksApi } from './outside-networks.api.ts';
import { programmesApi } from './programmes.api.ts';
import { programmeBlogsApi } from './programme-blogs.api.ts';
import { createApiRouter } from './router.ts';

/** /api/v1: every JSON call, documented by the same schemas that validate it. */
export function createApi() {
  const api = createApiRouter();
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `POST /api/v1/tokens` or from Settings → API tokens',
  });
  api.route('/', accountsApi);
  api.route('/', blogsApi);
  api.route('/', notificationsApi);
  api.route('/', programmesApi);
  api.route('/', networksApi);
  api.route('/', feedsApi);
  api.route('/', programmeBlogsApi);
  api.route('/', mediaApi);
  api.route('/', jobsApi);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Commonplace API',
      version: '1',
      description:
        'JSON in and out. Errors are `{"error": {"code", "message", "fields"?}}`. Lists are `{"items": [...], "next": cursor|null}`.',
    },
    servers: [{ url: '/api/v1' }],
  });
  return api;
}
