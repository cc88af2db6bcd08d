/**
 * botbuilder's connector clients (@azure/core-client) send each request through a pipeline of named policies.
 * The pipeline is private in the typings; removing a policy by name is how this adapter changes what a client
 * does. Tests notice when a name stops matching (retries: "at most once"; redirects: anonymous mode).
 */
interface Pipeline {
  removePolicy(policy: { name: string }): unknown;
  addPolicy(policy: { name: string; sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<unknown>): Promise<unknown> }): void;
}
interface PipelineRequest {
  headers: { has(name: string): boolean; set(name: string, value: string): void };
}

function pipelineOf(client: unknown): Pipeline | undefined {
  return (client as { client?: { pipeline?: Pipeline } }).client?.pipeline;
}

export function withoutPolicies<T>(client: T, names: readonly string[]): T {
  const pipeline = pipelineOf(client);
  for (const name of names) pipeline?.removePolicy({ name });
  return client;
}

/**
 * botbuilder's connector factory adds one policy of its own (an `accept` header for any media type when a request
 * has none) as an old-style core-http policy factory, which runs behind a compatibility layer that converts every
 * request to a WebResource and the response back (~0.03 ms CPU per reply). This sets the same header natively.
 */
export const COMPAT_ACCEPT_POLICY = 'ServiceClientContext_RequestPolicyFactories';

export function withNativeAccept<T>(client: T): T {
  const pipeline = pipelineOf(client);
  pipeline?.removePolicy({ name: COMPAT_ACCEPT_POLICY });
  pipeline?.addPolicy({
    name: 'acceptAnyPolicy',
    sendRequest(request, next) {
      if (!request.headers.has('accept')) request.headers.set('accept', '*/*');
      return next(request);
    },
  });
  return client;
}
