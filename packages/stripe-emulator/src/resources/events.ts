import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import {
  array,
  bool,
  listSpec,
  required,
  string,
  strings,
  validate,
  metadata,
  emptyable,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId, randomToken } from '../store/ids.ts';
import { API_VERSION } from '../emulator.ts';
import { deletedObject, findOr404, mergeMetadata, orNull } from './common.ts';

function typeMatches(pattern: string, type: string): boolean {
  return pattern === type || (pattern.endsWith('*') && type.startsWith(pattern.slice(0, -1)));
}

interface EventListQuery extends ListParams {
  type?: string;
  types?: string[];
  delivery_success?: boolean;
}

export function eventRoutes(router: Router, emulator: Emulator): void {
  const events = emulator.db.events;
  router.get('/v1/events/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(events, pathParams[0]!);
  });
  router.get('/v1/events', ({ params }) => {
    const query = validate<EventListQuery>(params, {
      ...listSpec,
      type: string,
      types: strings,
      delivery_success: bool,
    });
    if (query.type && query.types)
      throw invalidRequest('You may only specify one of these parameters: type, types.', 'types');
    const rows = events.filter(
      (row) =>
        (!query.type || typeMatches(query.type, row.type)) &&
        (!query.types || query.types.some((pattern) => typeMatches(pattern, row.type))) &&
        (query.delivery_success === undefined ||
          emulator.deliverySucceeded(row.id) === query.delivery_success),
    );
    return paginate(newestFirst(rows), query, '/v1/events', 'event');
  });
}

const enabledEvents = array(string);

export function webhookEndpointRoutes(router: Router, emulator: Emulator): void {
  const endpoints = emulator.db.webhookEndpoints;
  router.post('/v1/webhook_endpoints', ({ params }) => {
    const input = validate<{
      url: string;
      enabled_events: string[];
      description?: string;
      metadata?: Record<string, string>;
      api_version?: string;
    }>(params, {
      url: required(string),
      enabled_events: required(enabledEvents),
      description: string,
      metadata,
      api_version: string,
      connect: bool,
    });
    try {
      new URL(input.url);
    } catch {
      throw invalidRequest(`Invalid URL: ${input.url}`, 'url', 'url_invalid');
    }
    if (input.enabled_events.length === 0)
      throw invalidRequest('Missing required param: enabled_events.', 'enabled_events', 'parameter_missing');
    const endpoint: Stripe.WebhookEndpoint = {
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: input.api_version ?? API_VERSION,
      application: null,
      created: emulator.clock.now(),
      description: input.description ?? null,
      enabled_events: input.enabled_events,
      livemode: false,
      metadata: mergeMetadata({}, input.metadata),
      status: 'enabled',
      url: input.url,
    };
    const secret = `whsec_${randomToken(32)}`;
    endpoints.put(endpoint);
    emulator.db.webhookSecrets.put({ id: endpoint.id, secret });
    // The secret is shown once, in the response to the create call.
    return { ...endpoint, secret };
  });
  router.get('/v1/webhook_endpoints/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(endpoints, pathParams[0]!);
  });
  router.post('/v1/webhook_endpoints/:id', ({ pathParams, params }) => {
    const input = validate<{
      url?: string;
      enabled_events?: string[];
      description?: string;
      metadata?: Record<string, string>;
      disabled?: boolean;
    }>(params, {
      url: string,
      enabled_events: enabledEvents,
      description: emptyable(string),
      metadata,
      disabled: bool,
    });
    const endpoint = findOr404(endpoints, pathParams[0]!);
    if (input.url !== undefined) endpoint.url = input.url;
    if (input.enabled_events !== undefined) endpoint.enabled_events = input.enabled_events;
    if (input.description !== undefined) endpoint.description = orNull(input.description);
    if (input.disabled !== undefined) endpoint.status = input.disabled ? 'disabled' : 'enabled';
    endpoint.metadata = mergeMetadata(endpoint.metadata, input.metadata);
    endpoints.put(endpoint);
    return endpoint;
  });
  router.delete('/v1/webhook_endpoints/:id', ({ pathParams, params }) => {
    validate(params, {});
    const endpoint = findOr404(endpoints, pathParams[0]!);
    endpoints.delete(endpoint.id);
    emulator.db.webhookSecrets.delete(endpoint.id);
    return deletedObject(endpoint.id, 'webhook_endpoint');
  });
  router.get('/v1/webhook_endpoints', ({ params }) => {
    const query = validate<ListParams>(params, listSpec);
    return paginate(newestFirst([...endpoints.values()]), query, '/v1/webhook_endpoints', 'webhook_endpoint');
  });
}
